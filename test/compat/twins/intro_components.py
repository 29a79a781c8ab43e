from kfp import dsl


@dsl.component
def hello_world(text: str):
    """Prints the given text.

    Args:
        text: the text to print
    """
    print(text)


@dsl.component
def echo(text: str) -> str:
    """Returns its input, so that another task can consume it.

    Args:
        text: the text to pass on
    """
    print(text)
    return text
