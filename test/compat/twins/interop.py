"""Twin of examples/interop/pipeline.ts: the same YAML loaded with load_component_from_file, a container component
and lightweight components."""
import os

from kfp import components, dsl
from kfp.dsl import Dataset, Output, OutputPath

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples", "interop")
count_words = components.load_component_from_file(os.path.join(EXAMPLE, "count-words.yaml"))


@dsl.component
def write_text(text: str) -> Dataset:
    """Writes the text to count."""


@dsl.container_component
def banner(title: str, words: int, line: OutputPath(str)):
    """A container with a shell command line: the banner goes to an output parameter through its path."""
    return dsl.ContainerSpec(
        image="alpine",
        command=["sh", "-c", 'mkdir -p "$(dirname "$2")" && printf "%s: %s words" "$0" "$1" > "$2"'],
        args=[title, words, line],
    )


@dsl.component
def verdict(line: str, words: int, limit: int) -> str:
    """Says whether the text is short."""
    return ""


@dsl.pipeline(name="interop")
def interop(text: str = "the quick brown fox jumps over the lazy dog", limit: int = 12) -> str:
    """Counts the words of a text with an imported component and reports them with a container and a TS component."""
    data = write_text(text=text)
    counted = count_words(text=data.output)
    line = banner(title="words", words=counted.outputs["count"])
    return verdict(line=line.outputs["line"], words=counted.outputs["count"], limit=limit).output


PIPELINES = {"interop": interop, "writeText": write_text, "banner": banner, "verdict": verdict}
