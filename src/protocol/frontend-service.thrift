// The part of StarRocks' FrontendService (gensrc/thrift/FrontendService.thrift, Types.thrift,
// Status.thrift) that cluster-sync speaks: starting a table replication on the target FE.
// Field ids and types are StarRocks'; the TypeScript codecs in this folder implement exactly this.

enum TStatusCode { OK = 0, CANCELLED = 1, ANALYSIS_ERROR = 2, NOT_IMPLEMENTED_ERROR = 3, RUNTIME_ERROR = 4, INTERNAL_ERROR = 6, TIMEOUT = 8 }
struct TStatus { 1: required TStatusCode status_code; 2: optional list<string> error_msgs }

enum TTableType { MYSQL_TABLE = 0, OLAP_TABLE = 1 }
struct TBackend { 1: required string host; 2: required i32 be_port; 3: required i32 http_port }

struct TReplicaReplicationInfo { 1: optional TBackend src_backend }
struct TTabletReplicationInfo { 1: optional i64 tablet_id; 2: optional i64 src_tablet_id; 3: optional list<TReplicaReplicationInfo> replica_replication_infos }
struct TIndexReplicationInfo { 1: optional i64 index_id; 2: optional i32 src_schema_hash; 3: optional map<i64, TTabletReplicationInfo> tablet_replication_infos }
struct TPartitionReplicationInfo { 1: optional i64 partition_id; 2: optional i64 src_version; 3: optional map<i64, TIndexReplicationInfo> index_replication_infos; 4: optional i64 src_version_epoch }

struct TTableReplicationRequest {
  1: optional string username
  2: optional string password
  3: optional i64 database_id
  4: optional i64 table_id
  5: optional string src_token
  6: optional TTableType src_table_type
  7: optional i64 src_table_data_size
  8: optional map<i64, TPartitionReplicationInfo> partition_replication_infos
  9: optional string job_id
}
struct TTableReplicationResponse { 1: optional TStatus status }

service FrontendService {
  TTableReplicationResponse startTableReplication(1: TTableReplicationRequest request)
}
