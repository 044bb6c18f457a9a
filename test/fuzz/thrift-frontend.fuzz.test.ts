// Fuzz: the engine FE's Thrift endpoint (FrontendService over TBinaryProtocol on rpc_port), over
// real TCP. Random bytes and mutations of a valid startTableReplication call: the FE answers with a
// well-formed Thrift reply or exception, waits for the rest of an incomplete message, or closes
// that connection; it never crashes, and a valid call on a new connection is still answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import thrift from 'thrift';
import type { LocalCluster } from '../../src/storage-sim/cluster/local-cluster.js';
import { startTableReplication } from '../../src/protocol/frontend-service-client.js';
import { writeStruct } from '../../src/protocol/thrift-struct-codec.js';
import { StartTableReplicationArgsSpec } from '../../src/protocol/replication-structs.js';
import { START_TABLE_REPLICATION, TStatusCode, TTableType, type TTableReplicationRequest } from '../../src/protocol/replication-types.js';
import { startCluster } from '../helpers/sim-cluster.js';
import { budget } from './fuzz-budget.js';
import { mutatedBytes } from './mutations.js';

const { MessageType } = thrift.Thrift;
let cluster: LocalCluster;

before(async () => {
  cluster = await startCluster('fuzz-thrift', { backends: 1, rootPassword: 'fuzz-pw' });
});
after(async () => {
  await cluster?.stop();
});

function encode(write: (p: thrift.TProtocol) => void): Buffer {
  const chunks: Buffer[] = [];
  const transport = new thrift.TBufferedTransport(undefined, (b?: Buffer) => b && chunks.push(b));
  const protocol = new thrift.TBinaryProtocol(transport);
  write(protocol);
  protocol.flush();
  return Buffer.concat(chunks);
}

function call(request: TTableReplicationRequest, method = START_TABLE_REPLICATION): Buffer {
  return encode((p) => {
    p.writeMessageBegin(method, MessageType.CALL, 7);
    writeStruct(p, StartTableReplicationArgsSpec, { request });
    p.writeMessageEnd();
  });
}

// Every call names a table the FE does not have (this cluster has none), so none can start a job.
const NESTED: TTableReplicationRequest = {
  username: 'root',
  password: 'fuzz-pw',
  database_id: 10_001,
  table_id: 10_002,
  src_token: 'tok',
  src_table_type: TTableType.OLAP_TABLE,
  src_table_data_size: 1_000,
  job_id: '',
  partition_replication_infos: new Map([
    [10_003, { partition_id: 10_003, src_version: 2, src_version_epoch: 1, index_replication_infos: new Map([[10_004, { index_id: 10_004, src_schema_hash: 1, tablet_replication_infos: new Map([[10_005, { tablet_id: 10_005, src_tablet_id: 20_005, replica_replication_infos: [{ src_backend: { host: '127.0.0.1', be_port: 9060, http_port: 8040 } }] }]]) }]]) }],
  ]),
};
const VALID_CALLS = [call(NESTED), call({ username: 'root', password: 'wrong', table_id: 1 }), call({}), call({ table_id: 5 }, 'getTableMeta')];

/** Sends bytes on a new connection; resolves with what came back before the FE went quiet or hung up. */
function exchange(bytes: Buffer, quietMs: number): Promise<{ reply: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const socket: Socket = connect(cluster.fe.rpcPort, '127.0.0.1', () => socket.write(bytes));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: Buffer.concat(chunks), closed });
    };
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(false), quietMs);
    };
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      quiet();
    });
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
    quiet();
  });
}

/** What the FE answered must start as a strict TBinaryProtocol message: a reply or an exception. */
function assertWellFormedReply(reply: Buffer): void {
  if (reply.length === 0) return;
  assert.ok(reply.length >= 8, `a whole message header, not ${reply.toString('hex')}`);
  assert.equal(reply.readUInt16BE(0), 0x8001, 'TBinaryProtocol version 1');
  const mtype = reply[3];
  assert.ok(mtype === MessageType.REPLY || mtype === MessageType.EXCEPTION, `a reply or an exception, not message type ${mtype}`);
}

async function validCallAnswered(): Promise<void> {
  const response = await startTableReplication({ host: '127.0.0.1', port: cluster.fe.rpcPort, timeoutMs: 5000 }, { ...NESTED, password: 'wrong' });
  assert.notEqual(response.status?.status_code, TStatusCode.OK, 'a wrong password is refused');
  assert.ok((response.status?.error_msgs ?? []).join(' ').length > 0, 'with a message');
}

test('mutated startTableReplication calls get a Thrift reply, wait for more, or close; the FE keeps answering', async () => {
  await validCallAnswered();
  await fc.assert(
    fc.asyncProperty(mutatedBytes(VALID_CALLS), async (bytes) => {
      const { reply } = await exchange(bytes, 20);
      assertWellFormedReply(reply);
      await validCallAnswered();
    }),
    budget('thrift: mutated calls', 100, 0.1),
  );
});

test('random bytes, alone or before a valid call, never take the FE down', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.boolean(), async (noise, thenValid) => {
      const bytes = thenValid ? Buffer.concat([Buffer.from(noise), VALID_CALLS[1]!]) : Buffer.from(noise);
      await exchange(bytes, 20);
      await validCallAnswered();
    }),
    budget('thrift: random bytes', 100, 0.1),
  );
});
