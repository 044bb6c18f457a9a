// TypeScript shapes of the FrontendService structs in frontend-service.thrift. Ids and versions
// are plain numbers: StarRocks' ids and versions stay far below 2^53.

export const TStatusCode = {
  OK: 0,
  CANCELLED: 1,
  ANALYSIS_ERROR: 2,
  NOT_IMPLEMENTED_ERROR: 3,
  RUNTIME_ERROR: 4,
  INTERNAL_ERROR: 6,
  TIMEOUT: 8,
} as const;

export const TTableType = { MYSQL_TABLE: 0, OLAP_TABLE: 1 } as const;

export interface TStatus {
  status_code: number;
  error_msgs?: string[];
}

export interface TBackend {
  host: string;
  be_port: number;
  http_port: number;
}

export interface TReplicaReplicationInfo {
  src_backend?: TBackend;
}

export interface TTabletReplicationInfo {
  tablet_id?: number;
  src_tablet_id?: number;
  replica_replication_infos?: TReplicaReplicationInfo[];
}

export interface TIndexReplicationInfo {
  index_id?: number;
  src_schema_hash?: number;
  tablet_replication_infos?: Map<number, TTabletReplicationInfo>;
}

export interface TPartitionReplicationInfo {
  partition_id?: number;
  src_version?: number;
  index_replication_infos?: Map<number, TIndexReplicationInfo>;
  src_version_epoch?: number;
}

export interface TTableReplicationRequest {
  username?: string;
  password?: string;
  database_id?: number;
  table_id?: number;
  src_token?: string;
  src_table_type?: number;
  src_table_data_size?: number;
  partition_replication_infos?: Map<number, TPartitionReplicationInfo>;
  job_id?: string;
}

export interface TTableReplicationResponse {
  status?: TStatus;
}

export const START_TABLE_REPLICATION = 'startTableReplication';
