// The KFP v2 executor contract: what a task's container receives and writes back (ExecutorInput / ExecutorOutput as proto-JSON).

export interface RuntimeArtifact {
  name?: string;
  type?: { schemaTitle?: string; schemaVersion?: string };
  uri?: string;
  metadata?: Record<string, unknown>;
  customPath?: string;
}

export interface ArtifactList {
  artifacts?: RuntimeArtifact[];
}

export interface ExecutorInput {
  inputs?: {
    parameterValues?: Record<string, unknown>;
    artifacts?: Record<string, ArtifactList>;
  };
  outputs?: {
    parameters?: Record<string, { outputFile?: string }>;
    artifacts?: Record<string, ArtifactList>;
    outputFile?: string;
  };
}

export interface ExecutorOutput {
  parameterValues?: Record<string, unknown>;
  artifacts?: Record<string, { artifacts: { name: string; uri: string; metadata: Record<string, unknown> }[] }>;
}
