from kfp import dsl
from intro_components import echo


@dsl.pipeline(name="use-after")
def use_after(text: str = "hi there"):
    """The second task waits for the first without consuming its output."""
    producer = echo(text=text)
    echo(text=text).after(producer)


PIPELINES = {"useAfter": use_after}
