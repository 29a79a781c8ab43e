from kfp import dsl


@dsl.component
def greet(name: str, punctuation: str = "!") -> str:
    """Builds a greeting.

    Args:
        name: who to greet
        punctuation: what ends the greeting
    """
    return f"Hello, {name}{punctuation}"


@dsl.component
def shout(text: str) -> str:
    """Upper-cases a text."""
    return text.upper()


@dsl.pipeline(name="greetings")
def greetings(name: str = "world") -> str:
    """Greets loudly."""
    greeting = greet(name=name)
    return shout(text=greeting.output).output


PIPELINES = {"Greetings.greetings": greetings, "Greetings.greet": greet, "Greetings.shout": shout}
