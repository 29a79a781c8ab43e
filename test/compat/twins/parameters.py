from typing import List, NamedTuple, Optional

from kfp import dsl
from kfp.dsl import HTML, Artifact, Input, Markdown, SlicedClassificationMetrics


@dsl.component
def describe_run(
    name: str,
    runs: int,
    rate: float,
    verbose: bool,
    tags: list,
    options: dict,
    note: Optional[str] = None,
    extra: dict = {"retries": 2},
    levels: list = [1, 2, 3],
    dryRun: bool = False,
) -> str:
    """Describes a run from every kind of parameter.

    Args:
        name: the run's name
        runs: how many runs
        rate: a rate between 0 and 1
        verbose: whether to say more
        tags: labels of the run
        options: free-form settings
        note: an optional remark
    """
    return ""


@dsl.component
def render(line: str, previous: Input[Artifact] = None) -> NamedTuple("Outputs", [("page", HTML), ("slices", SlicedClassificationMetrics), ("words", int)]):
    """Renders a line as a page, with per-slice metrics.

    Args:
        line: the line to render
        previous: an earlier page to link to
    """


@dsl.component
def combine(pages: Input[List[HTML]]) -> Markdown:
    """Joins pages into one Markdown document.

    Args:
        pages: the pages to join
    """


Outputs = NamedTuple("Outputs", [("page", HTML), ("words", int)])


@dsl.pipeline(name="parameters")
def parameters(name: str = "kfp-ts", runs: int = 3, rate: float = 0.5, verbose: bool = True, tags: list = ["a", "b"], options: dict = {"depth": 2}) -> Outputs:
    """Passes every kind of value to a component."""
    line = describe_run(name=name, runs=runs, rate=rate, verbose=verbose, tags=tags, options=options, extra={"retries": 5}, levels=[0.5, -1], dryRun=True)
    rendered = render(line=line.output)
    return Outputs(page=rendered.outputs["page"], words=rendered.outputs["words"])


PIPELINES = {"parameters": parameters, "describeRun": describe_run, "render": render, "combine": combine}
