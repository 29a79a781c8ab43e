from kfp import dsl
from intro_components import hello_world


@dsl.pipeline(name="hello-world", description="A simple intro pipeline", pipeline_root="gs://your-bucket/helloworld/")
def hello_world_pipeline(text: str = "hi there"):
    hello_world(text=text)


PIPELINES = {"helloWorldPipeline": hello_world_pipeline}
