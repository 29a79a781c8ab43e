"""The bench pipelines of bench/pipelines.ts, run by the Python SDK's local runner (kfp.local).

  python bench/python_local.py <chain20|sleeps16|loop16> <pipeline-root> [--venv]
Prints the wall time in seconds of the pipeline call (the SDK imported beforehand).
  python bench/python_local.py compile <name> <spec.yaml>
Compiles one of them, for kfp-ts to run the same spec.
"""
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from kfp import dsl, local  # noqa: E402


@dsl.component
def noop(x: int) -> int:
    return x


@dsl.component
def sleep_one(i: int) -> int:
    import time
    time.sleep(1)
    return i


@dsl.pipeline(name="chain-20")
def chain20() -> int:
    task = noop(x=0)
    for _ in range(19):
        task = noop(x=task.output)
    return task.output


@dsl.pipeline(name="sleeps-16")
def sleeps16():
    for i in range(16):
        sleep_one(i=i)


@dsl.pipeline(name="loop-16")
def loop16():
    with dsl.ParallelFor(list(range(16))) as i:
        sleep_one(i=i)


PIPELINES = {"chain20": chain20, "sleeps16": sleeps16, "loop16": loop16}


def main():
    if sys.argv[1] == "compile":
        from kfp import compiler
        compiler.Compiler().compile(PIPELINES[sys.argv[2]], sys.argv[3])
        return
    name, root = sys.argv[1], sys.argv[2]
    use_venv = "--venv" in sys.argv
    local.init(runner=local.SubprocessRunner(use_venv=use_venv), pipeline_root=root, raise_on_error=True)
    start = time.perf_counter()
    PIPELINES[name]()
    print(f"{time.perf_counter() - start:.3f}")


if __name__ == "__main__":
    main()
