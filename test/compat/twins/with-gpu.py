from kfp import dsl
from intro_components import hello_world


@dsl.pipeline(name="hello-world-with-gpu")
def with_gpu(text: str = "hi accelerator"):
    """The task asks for one GPU (Vertex AI schedules it on an accelerator; a local run ignores the request)."""
    hello_world(text=text).set_accelerator_type("NVIDIA_TESLA_K80").set_accelerator_limit(1)


PIPELINES = {"withGpu": with_gpu}
