"""The reference Python SDK's side of kfp-ts's compatibility tests.

Reads a JSON request on stdin and answers JSON on stdout:
  {"compile": [{"module": "<twin.py>", "export": "<name>", "out": "<spec.yaml>"}],
   "check":   ["<spec.yaml>", ...],
   "sameAsJson": [{"yaml": "<spec.yaml>", "json": "<spec.json>"}]}
compile: compiles the twin pipeline or component exported as <name> (its PIPELINES entry) with kfp.
check:   parses a spec strictly with kfp-pipeline-spec's protobuf messages, and loads it with kfp.
sameAsJson: loads a YAML spec with PyYAML (a YAML 1.1 reader) and compares it with the same spec's JSON:
         the first difference is reported (ints and floats of equal value are equal; True is not 1).
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


def difference(yaml_value, json_value, where):
    numbers = (int, float)
    if isinstance(json_value, bool) or isinstance(yaml_value, bool) or not isinstance(json_value, numbers):
        if type(yaml_value) is not type(json_value):
            return f"{where}: YAML gives {yaml_value!r} ({type(yaml_value).__name__}), JSON {json_value!r}"
    elif not isinstance(yaml_value, numbers) or yaml_value != json_value:
        return f"{where}: YAML gives {yaml_value!r}, JSON {json_value!r}"
    if isinstance(json_value, dict):
        if sorted(map(repr, yaml_value)) != sorted(map(repr, json_value)):
            return f"{where}: YAML keys {sorted(map(repr, yaml_value))}, JSON keys {sorted(map(repr, json_value))}"
        return next((d for k in json_value if (d := difference(yaml_value[k], json_value[k], f"{where}.{k}"))), None)
    if isinstance(json_value, list):
        if len(yaml_value) != len(json_value):
            return f"{where}: YAML has {len(yaml_value)} items, JSON {len(json_value)}"
        return next((d for i, (y, j) in enumerate(zip(yaml_value, json_value)) if (d := difference(y, j, f"{where}[{i}]"))), None)
    if yaml_value != json_value:
        return f"{where}: YAML gives {yaml_value!r}, JSON {json_value!r}"
    return None


def same_as_json(pair):
    with open(pair["yaml"]) as f:
        documents = [d for d in yaml.safe_load_all(f) if d is not None]
    with open(pair["json"]) as f:
        expected = json.load(f)
    return {"difference": difference(documents[0], expected, "$")}


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
        "sameAsJson": [attempt(same_as_json, p) for p in request.get("sameAsJson", [])],
    }
    json.dump(response, sys.stdout)


if __name__ == "__main__":
    main()
