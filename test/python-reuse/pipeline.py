"""A Python pipeline that reuses a kfp-ts component: the recipe README.md gives for mixed TypeScript/Python teams.

Usage: python pipeline.py <word-stats.yaml> <pipeline-root> <compiled.yaml>
Loads the YAML `kfp-ts compile` wrote for test/python-reuse/components.ts, wires it between two Python components,
compiles the pipeline, and runs it with kfp.local's SubprocessRunner (no Docker): the TypeScript component runs
under Node. Prints the pipeline's output as JSON on the last line.
"""
import json
import sys

from kfp import compiler, components, dsl, local

word_stats = components.load_component_from_file(sys.argv[1])


@dsl.component
def make_text(name: str) -> str:
    return f"hello {name} from python"


@dsl.component
def report(words: int, repeated: str) -> str:
    return f"{words} words: {repeated}"


@dsl.pipeline(name="python-reuses-typescript")
def python_reuses_typescript(name: str = "ada") -> str:
    text = make_text(name=name)
    stats = word_stats(text=text.output, times=3)
    return report(words=stats.outputs["words"], repeated=stats.outputs["repeated"]).output


if __name__ == "__main__":
    compiler.Compiler().compile(python_reuses_typescript, sys.argv[3])
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=sys.argv[2])
    task = python_reuses_typescript(name="grace")
    print(json.dumps(task.output))
