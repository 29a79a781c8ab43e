"""The reference Python SDK's side of kfp-ts's compatibility tests.

Reads a JSON request on stdin and answers JSON on stdout:
  {"compile": [{"module": "<twin.py>", "export": "<name>", "out": "<spec.yaml>"}],
   "check":   ["<spec.yaml>", ...]}
compile: compiles the twin pipeline or component exported as <name> (its PIPELINES entry) with kfp.
check:   parses a spec strictly with kfp-pipeline-spec's protobuf messages, and loads it with kfp.
"""
import importlib.util
import json
import os
import sys
import traceback
import warnings

import yaml
from google.protobuf import json_format
from kfp import compiler, components
from kfp.pipeline_spec import pipeline_spec_pb2

warnings.filterwarnings("ignore")


def load_module(path):
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    name = "twin_" + os.path.splitext(os.path.basename(path))[0].replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_twin(request):
    module = load_module(request["module"])
    target = module.PIPELINES[request["export"]]
    compiler.Compiler().compile(target, request["out"])
    return {"out": request["out"]}


def check(path):
    with open(path) as f:
        text = f.read()
    documents = [d for d in yaml.safe_load_all(text) if d is not None]
    spec = pipeline_spec_pb2.PipelineSpec()
    json_format.ParseDict(documents[0], spec, ignore_unknown_fields=False)
    if len(documents) > 1:
        check_platform(documents[1])
    loaded = components.load_component_from_text(text)
    return {"path": path, "name": loaded.name, "tasks": len(spec.root.dag.tasks)}


def check_platform(document):
    """The platform document parses strictly, and each executor's settings as kfp-kubernetes' message."""
    from kfp.kubernetes import kubernetes_executor_config_pb2

    platform = pipeline_spec_pb2.PlatformSpec()
    json_format.ParseDict(document, platform, ignore_unknown_fields=False)
    executors = document["platforms"]["kubernetes"]["deploymentSpec"]["executors"]
    for config in executors.values():
        json_format.ParseDict(config, kubernetes_executor_config_pb2.KubernetesExecutorConfig(), ignore_unknown_fields=False)


def attempt(fn, arg):
    try:
        return {"ok": True, **fn(arg)}
    except Exception as error:  # reported to the test, which prints it
        return {"ok": False, "error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}


def main():
    request = json.load(sys.stdin)
    response = {
        "compile": [attempt(compile_twin, r) for r in request.get("compile", [])],
        "check": [attempt(check, p) for p in request.get("check", [])],
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
