// The API's objects as the console reads them (see server/src/main/resources/openapi/commander.yaml).

export interface Me {
  type: 'user' | 'token';
  id?: string;
  name: string;
  email?: string;
  global_role?: 'admin' | 'user';
  workspace_roles?: { workspace_id: string; role: 'admin' | 'manager' | 'viewer' }[];
  token_scope?: 'global' | 'workspace';
  workspace_id?: string | null;
  read_only?: boolean;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export type ClusterStatus =
  | 'new'
  | 'configuration_error'
  | 'creating'
  | 'creation_failed'
  | 'in_sync'
  | 'changing'
  | 'synchronization_failure'
  | 'delete'
  | 'deletion_failed'
  | 'deleted'
  | 'ready_to_join'
  | 'joining';

export interface RenderError {
  code?: string;
  section?: string;
  document?: number | null;
  line?: number | null;
  column?: number | null;
  message?: string;
}

export interface ClusterAgentData {
  source: 'overview' | 'upmeter';
  data: Record<string, unknown>;
  updated_at?: string;
}

/** One resource of the agent's last apply report. */
export interface ResourceStateResult {
  /** `<apiVersion>/<kind>/<namespace>/<name>` */
  resource: string;
  /** `primary_resources` or `resources/<tab>` */
  set: string;
  status: 'applied' | 'unchanged' | 'deleted' | 'failed' | string;
  errors?: string[] | null;
}

export interface Cluster {
  id: string;
  workspace_id: string;
  name: string;
  cluster_template_id: string | null;
  cluster_template_version_id: string | null;
  provisioner: 'dhctl' | 'kubeconfig' | 'simulated';
  simulated: boolean;
  status: ClusterStatus;
  values: Record<string, unknown>;
  render_errors: RenderError[] | null;
  sync_mode: 'auto' | 'manual';
  check_interval_seconds: number;
  current_revision: number;
  desired_revision: number | null;
  applied_revision: number | null;
  was_created: boolean;
  current_task_id: string | null;
  is_locked: boolean;
  cluster_type: 'cloud' | 'static' | null;
  cluster_configuration_updated_at: string | null;
  cluster_configuration_applied_at: string | null;
  cluster_configuration_checked_at: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  cluster_agent_data: ClusterAgentData[] | null;
  agent_status?: 'connected' | 'disconnected' | 'never_connected';
  agent_connected_at?: string | null;
  agent_last_seen_at?: string | null;
  agent_version?: string | null;
  resources_sync_state?: 'in_sync' | 'out_of_sync' | null;
  resources_state_results?: ResourceStateResult[];
  resources_checked_at?: string | null;
  resources_applied_at?: string | null;
}

export interface ClusterTemplateVersion {
  id: string;
  cluster_template_id: string;
  number: number;
  name: string;
  comment: string;
  available: boolean;
  created_at: string;
  /** Live clusters on the version. */
  cluster_count?: number;
}

export interface ClusterTemplate {
  id: string;
  workspace_id: string;
  name: string;
  comment: string;
  current_cluster_template_version_id: string | null;
  cluster_template_versions: ClusterTemplateVersion[];
  current_revision?: number;
  created_at?: string;
  updated_at?: string;
  archived_at?: string | null;
}

export type TaskState = 'pending' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'lost';

export interface Task {
  id: string;
  cluster_id: string;
  kind: 'install' | 'change' | 'check' | 'delete' | 'attach' | 'detach';
  state: TaskState;
  cluster_revision: number | null;
  attempt: number;
  max_attempts: number;
  cancel_requested: boolean;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface TaskLogLine {
  seq: number;
  at: string;
  stream: string;
  line: string;
}

export interface TemplateResource {
  name: string;
  mode?: 'enforced' | 'create-once';
  template: string | null;
}

export interface TemplateSections {
  kubernetes?: string | null;
  placement?: string | null;
  ssh?: string | null;
  installation?: string | null;
  primary_resources?: string | null;
  resources?: TemplateResource[];
}

/** A version with its content (GET /cluster_templates/{id}/versions/{version_id}). */
export interface ClusterTemplateVersionFull extends ClusterTemplateVersion {
  params: unknown[];
  sections: TemplateSections;
}

export interface RenderResult {
  valid: boolean;
  sections: Record<string, string>;
  errors: RenderError[];
}

export interface ClusterRevision {
  revision: number;
  cluster_template_version_id: string | null;
  values: Record<string, unknown>;
  rendered: Record<string, string>;
  created_by: string | null;
  created_at: string;
}

export interface RevisionDiff {
  revision: number;
  against: number;
  sections: Record<string, string>;
}

export interface ClusterChangeRequest {
  id: string;
  cluster_id: string;
  task_id: string | null;
  revision: number;
  changes: string[];
  destructive_changes: string[];
  change_set_sha256: string;
  status: 'pending' | 'approved' | 'completed' | 'superseded';
  approved_by: string | null;
  approved_at: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  global_role: 'admin' | 'user';
  disabled: boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface WorkspaceRoleBinding {
  id: string;
  workspace_id: string;
  user_id: string;
  role: 'admin' | 'manager' | 'viewer';
  created_at: string;
  updated_at: string;
}

export interface AuthToken {
  id: string;
  name: string;
  scope: 'global' | 'workspace';
  workspace_id: string | null;
  read_only: boolean;
  token_prefix: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor_type: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_name: string;
  remote_address: string | null;
  request_id: string | null;
  workspace_id: string | null;
  workspace_slug: string | null;
  entity_type: string;
  entity_id: string | null;
  action: string;
  changes: Record<string, unknown> | null;
}

export interface Registry {
  id: string;
  workspace_id: string;
  name: string;
  images_repo: string;
  scheme: 'http' | 'https';
  dev_branch: string | null;
  ca_certificate: string | null;
  has_auth: boolean;
  current_revision: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface Catalog {
  id: string;
  workspace_id: string;
  name: string;
  slug: string;
  usage: 'shared' | 'exclusive';
  params: unknown[];
  records_count: number;
  current_revision: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface CatalogRecordFull {
  id: string;
  catalog_id: string;
  cluster_id: string | null;
  values: Record<string, unknown>;
  schema_matches: boolean;
  current_revision: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}
