from kfp import dsl
from intro_components import echo, hello_world


@dsl.pipeline(name="task-settings", display_name="Task settings")
def task_settings(text: str = "configured"):
    """Every task setting: display name, caching, retries, resources, an accelerator, environment and image."""
    first = (
        echo(text=text)
        .set_display_name("first echo")
        .set_caching_options(False)
        .set_retry(3, backoff_duration="30s", backoff_factor=1.5, backoff_max_duration="10m")
    )
    second = (
        echo(text=first.output)
        .set_cpu_request("500m")
        .set_cpu_limit("2")
        .set_memory_request("512Mi")
        .set_memory_limit("4G")
        .set_env_variable("GREETING", "hello")
        .set_env_variable("MODE", "test")
        .set_caching_options(True, cache_key="echo-v1")
        .set_container_image("node:20-slim")
    )
    hello_world(text=second.output).set_accelerator_type("NVIDIA_TESLA_T4").set_accelerator_limit(2).after(first)


PIPELINES = {"taskSettings": task_settings}
