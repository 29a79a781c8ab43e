import type { ComponentIR, InputIR, ParameterType } from "../ir.js";

// kfp-kubernetes' CreatePVC and DeletePVC, as its Python source declares them: the KFP backend recognises their
// images and runs them itself. Descriptions are the ones kfp reads from their docstrings.

const docs = "https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/persistent-volume-claim-v1";

function parameter(name: string, parameterType: ParameterType, description: string, optional = false, defaultValue?: string): InputIR {
  return { name, type: { kind: "parameter", parameterType }, optional, description, ...(defaultValue !== undefined && { defaultValue }) };
}

function stubComponent(name: string, functionName: string, inputs: InputIR[], outputs: ComponentIR["outputs"]): ComponentIR {
  return {
    kind: "component",
    key: `kfp-kubernetes#${functionName}`,
    name,
    functionName,
    inputs,
    outputs,
    returns: outputs.length > 0 ? "single" : "none",
    location: { file: "kfp-kubernetes", line: 1, column: 1, length: 0 },
    binding: { file: "kfp-kubernetes", local: functionName },
    // The KFP backend recognises these images and runs the PVC operation itself.
    implementation: { kind: "container", container: { image: `argostub/${name}` } },
  };
}

export const createPvcComponent = stubComponent("createpvc", "createPvc", [
  parameter("access_modes", "LIST", "Values for ``PersistentVolumeClaim.spec.accessModes``."),
  parameter("annotations", "STRUCT", `Annotations for the PVC's metadata. Corresponds to\n\`PersistentVolumeClaim.metadata.annotations\n<${docs}/#PersistentVolumeClaim>\`_.`, true),
  parameter("data_source", "STRUCT", "Specifies the data source for the PVC. This can be used to\ncreate a PVC from a VolumeSnapshot or to clone an existing PVC.\nShould be a dictionary with ``'apiGroup'``, ``'kind'``, and\n``'name'`` keys. For example:\n``{'apiGroup': 'snapshot.storage.k8s.io', 'kind': 'VolumeSnapshot', 'name': 'my-snapshot'}``.\n" +
    `Corresponds to \`PersistentVolumeClaim.spec.dataSource\n<${docs}/#PersistentVolumeClaimSpec>\`_.`, true),
  parameter("pvc_name", "STRING", `Name of the PVC. Corresponds to\n\`PersistentVolumeClaim.metadata.name\n<${docs}/#PersistentVolumeClaim>\`_.\nOnly one of \`\`pvc_name\`\` and \`\`pvc_name_suffix\`\` can be provided.`, true),
  parameter("pvc_name_suffix", "STRING", "Prefix to use for a dynamically generated name, which\nwill take the form ``<argo-workflow-name>-<pvc_name_suffix>``. Only\none of ``pvc_name`` and ``pvc_name_suffix`` can be provided.", true),
  parameter("size", "STRING", `The size of storage requested by the PVC that will be\nprovisioned. For example, \`\`'5Gi'\`\`. Corresponds to\n\`PersistentVolumeClaim.spec.resources.requests.storage\n<${docs}/#PersistentVolumeClaimSpec>\`_.`),
  parameter("storage_class_name", "STRING", "Name of StorageClass from which to provision the PV\nto back the PVC. ``None`` indicates to use the cluster's default\nstorage_class_name. Set to ``''`` for a statically specified PVC.", true, ""),
  parameter("volume_name", "STRING", `Pre-existing PersistentVolume that should back the\nprovisioned PersistentVolumeClaim. Used for statically\nspecified PV only. Corresponds to\n\`PersistentVolumeClaim.spec.volumeName\n<${docs}/#PersistentVolumeClaimSpec>\`_.`, true),
], [{ name: "name", type: { kind: "parameter", parameterType: "STRING" } }]);

export const deletePvcComponent = stubComponent("deletepvc", "deletePvc", [
  parameter("pvc_name", "STRING", "Name of the PVC to delete. Supports passing a runtime-generated name, such as a name provided by ``kubernetes.CreatePvcOp().outputs['name']``."),
], []);

/** createPvc's option names and the component inputs they set. */
export const createPvcInputs: Readonly<Record<string, string>> = {
  accessModes: "access_modes",
  annotations: "annotations",
  dataSource: "data_source",
  pvcName: "pvc_name",
  pvcNameSuffix: "pvc_name_suffix",
  size: "size",
  storageClassName: "storage_class_name",
  volumeName: "volume_name",
};
