"""Twins of test/compat/kubernetes/pipelines.ts: every Kubernetes setting, written with kfp-kubernetes."""
from kfp import dsl, kubernetes

IMAGE = "python:3.11"


@dsl.component(base_image=IMAGE)
def produce(text: str) -> str:
    return text


@dsl.component(base_image=IMAGE)
def consume(text: str):
    print(text)


@dsl.pipeline(name="secrets")
def secrets(secretName: str = "db-credentials", mapName: str = "settings"):
    t = produce(text="hello")
    kubernetes.use_secret_as_env(t, secret_name="api-token", secret_key_to_env={"token": "API_TOKEN", "user": "API_USER"})
    kubernetes.use_secret_as_env(t, secret_name=secretName, secret_key_to_env={"password": "DB_PASSWORD"}, optional=True)
    kubernetes.use_secret_as_volume(t, secret_name="tls", mount_path="/etc/tls")
    kubernetes.use_secret_as_volume(t, secret_name=secretName, mount_path="/etc/db", optional=True)
    kubernetes.use_config_map_as_env(t, config_map_name="features", config_map_key_to_env={"flag": "FEATURE_FLAG"})
    kubernetes.use_config_map_as_volume(t, config_map_name=mapName, mount_path="/etc/settings", optional=True)


@dsl.pipeline(name="pvcs")
def pvcs(sharedClaim: str = "shared-data"):
    claim = kubernetes.CreatePVC(pvc_name_suffix="-work", access_modes=["ReadWriteOnce"], size="5Gi", storage_class_name="standard")
    written = produce(text="write")
    kubernetes.mount_pvc(written, pvc_name=claim.outputs["name"], mount_path="/work")
    kubernetes.mount_pvc(written, pvc_name=sharedClaim, mount_path="/shared", sub_path="inputs")
    read = consume(text=written.output)
    kubernetes.mount_pvc(read, pvc_name=claim.outputs["name"], mount_path="/work")
    kubernetes.DeletePVC(pvc_name=claim.outputs["name"]).after(read)


@dsl.pipeline(name="fixed-pvc")
def fixed_pvc():
    claim = kubernetes.CreatePVC(pvc_name="my-claim", access_modes=["ReadWriteMany", "ReadOnlyMany"], size="1Ti", annotations={"owner": "ml"}, volume_name="pv-1")
    t = consume(text="x").after(claim)
    kubernetes.mount_pvc(t, pvc_name="my-claim", mount_path="/data")


@dsl.pipeline(name="scheduling")
def scheduling():
    t = produce(text="scheduled")
    kubernetes.add_node_selector(t, label_key="cloud.google.com/gke-accelerator", label_value="nvidia-tesla-t4")
    kubernetes.add_node_selector(t, label_key="pool", label_value="gpu")
    kubernetes.add_node_affinity(t, match_expressions=[{"key": "zone", "operator": "In", "values": ["a", "b"]}], weight=10)
    kubernetes.add_node_affinity(t, match_expressions=[{"key": "gpu", "operator": "Exists"}], match_fields=[{"key": "metadata.name", "operator": "NotIn", "values": ["node-1"]}])
    kubernetes.add_toleration(t, key="gpu", operator="Equal", value="true", effect="NoExecute", toleration_seconds=30)
    kubernetes.add_toleration(t, operator="Exists")
    kubernetes.set_image_pull_secrets(t, ["registry-a", "registry-b"])
    kubernetes.set_image_pull_policy(t, "Always")
    kubernetes.add_pod_label(t, "team", "ml")
    kubernetes.add_pod_label(t, "tier", "batch")
    kubernetes.add_pod_annotation(t, "example.com/owner", "data")
    kubernetes.set_timeout(t, 7200)
    again = produce(text="again")
    kubernetes.set_timeout(again, 90)
    kubernetes.set_image_pull_policy(again, "IfNotPresent")
    produce(text="plain")


@dsl.pipeline(name="volumes")
def volumes():
    t = produce(text="volumes")
    kubernetes.empty_dir_mount(t, volume_name="scratch", mount_path="/scratch")
    kubernetes.empty_dir_mount(t, volume_name="shm", mount_path="/dev/shm", medium="Memory", size_limit="1Gi")
    kubernetes.add_ephemeral_volume(t, volume_name="cache", mount_path="/cache", access_modes=["ReadWriteOnce"], size="10Gi")
    kubernetes.add_ephemeral_volume(t, volume_name="fast", mount_path="/fast", access_modes=["ReadWriteOnce"], size="2Gi", storage_class_name="ssd", labels={"kind": "fast"}, annotations={"note": "tmp"})
    kubernetes.use_field_path_as_env(t, env_name="POD_NAME", field_path="metadata.name")
    kubernetes.use_field_path_as_env(t, env_name="NODE", field_path="spec.nodeName")
    kubernetes.use_field_path_as_env(t, env_name="TEAM", field_path="metadata.labels['team']")


@dsl.pipeline(name="dynamic-names")
def dynamic_names(registrySecret: str = "regcred", go: bool = True):
    """Names from a task output and a pipeline parameter, inside a condition."""
    name = produce(text="db-secret")
    with dsl.If(go == True):
        t = consume(text="inside")
        kubernetes.use_secret_as_env(t, secret_name=name.output, secret_key_to_env={"password": "PASSWORD"})
        kubernetes.set_image_pull_secrets(t, [registrySecret])


PIPELINES = {
    "secrets": secrets,
    "pvcs": pvcs,
    "fixedPvc": fixed_pvc,
    "scheduling": scheduling,
    "volumes": volumes,
    "dynamicNames": dynamic_names,
}
