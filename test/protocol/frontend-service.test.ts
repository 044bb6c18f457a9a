import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import thrift from 'thrift';
import { createFrontendServiceServer } from '../../src/protocol/frontend-service-server.js';
import { startTableReplication } from '../../src/protocol/frontend-service-client.js';
import { writeStruct } from '../../src/protocol/thrift-struct-codec.js';
import { TBackendSpec } from '../../src/protocol/replication-structs.js';
import { TStatusCode, TTableType, type TTableReplicationRequest } from '../../src/protocol/replication-types.js';

function encode(write: (p: thrift.TProtocol) => void): Buffer {
  const chunks: Buffer[] = [];
  const transport = new thrift.TBufferedTransport(undefined, (b?: Buffer) => b && chunks.push(b));
  const protocol = new thrift.TBinaryProtocol(transport);
  write(protocol);
  protocol.flush();
  return Buffer.concat(chunks);
}

test('TBackend encodes to the exact TBinaryProtocol bytes of the IDL (field ids 1, 2, 3)', () => {
  const bytes = encode((p) => writeStruct(p, TBackendSpec, { host: 'h', be_port: 1, http_port: 2 }));
  // STRING(11) id 1, length 1, 'h'; I32(8) id 2 = 1; I32(8) id 3 = 2; STOP.
  assert.equal(bytes.toString('hex'), '0b0001' + '00000001' + '68' + '080002' + '00000001' + '080003' + '00000002' + '00');
});

function sampleRequest(): TTableReplicationRequest {
  return {
    username: 'root',
    password: 'pw',
    database_id: 10_001,
    table_id: 10_002,
    src_token: 'tok',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: 5_000_000_000_000,
    job_id: '',
    partition_replication_infos: new Map([
      [
        10_003,
        {
          partition_id: 10_003,
          src_version: 42,
          src_version_epoch: 1_700_000_000_123,
          index_replication_infos: new Map([
            [
              10_004,
              {
                index_id: 10_004,
                src_schema_hash: -123456789,
                tablet_replication_infos: new Map([
                  [10_005, { tablet_id: 10_005, src_tablet_id: 20_005, replica_replication_infos: [{ src_backend: { host: '127.0.0.1', be_port: 9060, http_port: 8040 } }] }],
                ]),
              },
            ],
          ]),
        },
      ],
    ]),
  };
}

async function withServer(handler: Parameters<typeof createFrontendServiceServer>[0], run: (port: number) => Promise<void>): Promise<void> {
  const server = createFrontendServiceServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run((server.address() as { port: number }).port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

test('a nested request survives the round trip and the handler answers with a TStatus', async () => {
  let received: TTableReplicationRequest | undefined;
  await withServer(
    {
      async startTableReplication(request) {
        received = request;
        return { status: { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: ['Replication job of table t is already running'] } };
      },
    },
    async (port) => {
      const response = await startTableReplication({ host: '127.0.0.1', port, timeoutMs: 5000 }, sampleRequest());
      assert.deepEqual(response, { status: { status_code: TStatusCode.RUNTIME_ERROR, error_msgs: ['Replication job of table t is already running'] } });
    },
  );
  assert.deepEqual(received, sampleRequest());
});

test('a malformed frame closes that connection only; an unknown method gets an exception; the server keeps serving', async () => {
  await withServer(
    { startTableReplication: async () => ({ status: { status_code: TStatusCode.OK } }) },
    async (port) => {
      // Garbage: a message header claiming a wrong protocol version.
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from('deadbeef00000000ffffffff', 'hex')));
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
      // An unknown method.
      const reply = await new Promise<Buffer>((resolve) => {
        const call = encode((p) => {
          p.writeMessageBegin('noSuchMethod', thrift.Thrift.MessageType.CALL, 7);
          p.writeStructBegin('args');
          p.writeFieldStop();
          p.writeStructEnd();
          p.writeMessageEnd();
        });
        const socket = connect(port, '127.0.0.1', () => socket.write(call));
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data);
        });
      });
      assert.match(reply.toString('latin1'), /Unknown function noSuchMethod/);
      const ok = await startTableReplication({ host: '127.0.0.1', port, timeoutMs: 5000 }, { table_id: 1 });
      assert.equal(ok.status?.status_code, TStatusCode.OK);
    },
  );
});

test('the client reports an unreachable FE and a silent one clearly', async () => {
  await assert.rejects(startTableReplication({ host: '127.0.0.1', port: 1, timeoutMs: 1000 }, {}), /startTableReplication on FE 127\.0\.0\.1:1 failed: connect ECONNREFUSED/);
  const { createServer } = await import('node:net');
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  await assert.rejects(startTableReplication({ host: '127.0.0.1', port, timeoutMs: 300 }, {}), /timed out after 300 ms/);
  silent.close();
});
