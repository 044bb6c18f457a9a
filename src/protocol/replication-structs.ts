// Field tables of the structs in frontend-service.thrift (ids and types as in StarRocks' IDL).
import type { StructSpec } from './thrift-struct-codec.js';

export const TStatusSpec: StructSpec = {
  name: 'TStatus',
  fields: [
    { id: 1, name: 'status_code', type: 'i32' },
    { id: 2, name: 'error_msgs', type: { list: 'string' } },
  ],
};

export const TBackendSpec: StructSpec = {
  name: 'TBackend',
  fields: [
    { id: 1, name: 'host', type: 'string' },
    { id: 2, name: 'be_port', type: 'i32' },
    { id: 3, name: 'http_port', type: 'i32' },
  ],
};

export const TReplicaReplicationInfoSpec: StructSpec = {
  name: 'TReplicaReplicationInfo',
  fields: [{ id: 1, name: 'src_backend', type: { struct: TBackendSpec } }],
};

export const TTabletReplicationInfoSpec: StructSpec = {
  name: 'TTabletReplicationInfo',
  fields: [
    { id: 1, name: 'tablet_id', type: 'i64' },
    { id: 2, name: 'src_tablet_id', type: 'i64' },
    { id: 3, name: 'replica_replication_infos', type: { list: { struct: TReplicaReplicationInfoSpec } } },
  ],
};

export const TIndexReplicationInfoSpec: StructSpec = {
  name: 'TIndexReplicationInfo',
  fields: [
    { id: 1, name: 'index_id', type: 'i64' },
    { id: 2, name: 'src_schema_hash', type: 'i32' },
    { id: 3, name: 'tablet_replication_infos', type: { map: ['i64', { struct: TTabletReplicationInfoSpec }] } },
  ],
};

export const TPartitionReplicationInfoSpec: StructSpec = {
  name: 'TPartitionReplicationInfo',
  fields: [
    { id: 1, name: 'partition_id', type: 'i64' },
    { id: 2, name: 'src_version', type: 'i64' },
    { id: 3, name: 'index_replication_infos', type: { map: ['i64', { struct: TIndexReplicationInfoSpec }] } },
    { id: 4, name: 'src_version_epoch', type: 'i64' },
  ],
};

export const TTableReplicationRequestSpec: StructSpec = {
  name: 'TTableReplicationRequest',
  fields: [
    { id: 1, name: 'username', type: 'string' },
    { id: 2, name: 'password', type: 'string' },
    { id: 3, name: 'database_id', type: 'i64' },
    { id: 4, name: 'table_id', type: 'i64' },
    { id: 5, name: 'src_token', type: 'string' },
    // An enum travels as i32.
    { id: 6, name: 'src_table_type', type: 'i32' },
    { id: 7, name: 'src_table_data_size', type: 'i64' },
    { id: 8, name: 'partition_replication_infos', type: { map: ['i64', { struct: TPartitionReplicationInfoSpec }] } },
    { id: 9, name: 'job_id', type: 'string' },
  ],
};

export const TTableReplicationResponseSpec: StructSpec = {
  name: 'TTableReplicationResponse',
  fields: [{ id: 1, name: 'status', type: { struct: TStatusSpec } }],
};

/** The argument and result wrappers of `startTableReplication(1: TTableReplicationRequest request)`. */
export const StartTableReplicationArgsSpec: StructSpec = {
  name: 'FrontendService_startTableReplication_args',
  fields: [{ id: 1, name: 'request', type: { struct: TTableReplicationRequestSpec } }],
};

export const StartTableReplicationResultSpec: StructSpec = {
  name: 'FrontendService_startTableReplication_result',
  fields: [{ id: 0, name: 'success', type: { struct: TTableReplicationResponseSpec } }],
};
