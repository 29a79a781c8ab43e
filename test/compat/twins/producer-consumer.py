from kfp import dsl
from intro_components import echo


@dsl.pipeline(name="producer-consumer")
def producer_consumer(text: str = "hi there"):
    """One task consumes what another produced: the edge comes from the data flow."""
    producer = echo(text=text)
    echo(text=producer.output)


PIPELINES = {"producerConsumer": producer_consumer}
