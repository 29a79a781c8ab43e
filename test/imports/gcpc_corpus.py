"""Writes the Google Cloud Pipeline Components corpus for kfp-ts's import tests.

Usage: python gcpc_corpus.py <out-dir>
Compiles every component the installed google_cloud_pipeline_components package defines (each module's
BaseComponent objects: container, YAML-loaded and pipeline components) to <out-dir>/compiled/<module>.<name>.yaml
with kfp's compiler, and copies every YAML file the package ships to <out-dir>/shipped/. Prints a JSON summary:
{"compiled": [...], "shipped": [...], "failures": [{"component": ..., "error": ...}]}.
"""
import importlib
import json
import os
import pkgutil
import shutil
import sys
import warnings

warnings.filterwarnings("ignore")

import google_cloud_pipeline_components as gcpc
from kfp import compiler
from kfp.dsl import base_component


def main(out):
    compiled_dir = os.path.join(out, "compiled")
    shipped_dir = os.path.join(out, "shipped")
    for d in (compiled_dir, shipped_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    seen = {}
    failures = []
    for info in sorted(pkgutil.walk_packages(gcpc.__path__, gcpc.__name__ + "."), key=lambda i: i.name):
        if ".container." in info.name + "." or info.name.endswith("_test"):
            continue  # the code that runs inside GCPC's images, not component definitions
        try:
            module = importlib.import_module(info.name)
        except Exception as error:  # optional dependencies of helper modules
            failures.append({"component": info.name, "error": f"import: {type(error).__name__}: {error}"})
            continue
        for attr in sorted(vars(module)):
            value = getattr(module, attr)
            if isinstance(value, base_component.BaseComponent) and id(value) not in seen and not attr.startswith("_"):
                seen[id(value)] = f"{info.name}.{attr}"
    compiled = []
    for qualified in sorted(seen.values()):
        module_name, attr = qualified.rsplit(".", 1)
        component = getattr(importlib.import_module(module_name), attr)
        path = os.path.join(compiled_dir, qualified.removeprefix(gcpc.__name__ + ".") + ".yaml")
        try:
            compiler.Compiler().compile(component, path)
            compiled.append(path)
        except Exception as error:
            failures.append({"component": qualified, "error": f"{type(error).__name__}: {error}"})
    shipped = []
    root = os.path.dirname(gcpc.__file__)
    for directory, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                relative = os.path.relpath(os.path.join(directory, name), root)
                target = os.path.join(shipped_dir, relative.replace(os.sep, "."))
                shutil.copyfile(os.path.join(directory, name), target)
                shipped.append(target)
    json.dump({"compiled": compiled, "shipped": sorted(shipped), "failures": failures}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
