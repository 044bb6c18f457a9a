// The daemon's client for the target FE's Thrift endpoint: one connection per call (calls are
// few, and a fresh connection never inherits a half-read reply), TBinaryProtocol over a buffered
// socket, with a timeout.
import { connect } from 'node:net';
import thrift from 'thrift';
import { readStruct, writeStruct } from './thrift-struct-codec.js';
import { StartTableReplicationArgsSpec, StartTableReplicationResultSpec } from './replication-structs.js';
import { START_TABLE_REPLICATION, type TTableReplicationRequest, type TTableReplicationResponse } from './replication-types.js';

const { MessageType, TApplicationException } = thrift.Thrift;

export class ThriftCallError extends Error {}

export interface ThriftEndpoint {
  host: string;
  port: number;
  timeoutMs: number;
}

function encodeCall(request: TTableReplicationRequest, seqid: number): Buffer {
  const chunks: Buffer[] = [];
  const transport = new thrift.TBufferedTransport(undefined, (buffer?: Buffer) => {
    if (buffer) chunks.push(buffer);
  });
  const protocol = new thrift.TBinaryProtocol(transport);
  protocol.writeMessageBegin(START_TABLE_REPLICATION, MessageType.CALL, seqid);
  writeStruct(protocol, StartTableReplicationArgsSpec, { request });
  protocol.writeMessageEnd();
  protocol.flush();
  return Buffer.concat(chunks);
}

export function startTableReplication(endpoint: ThriftEndpoint, request: TTableReplicationRequest): Promise<TTableReplicationResponse> {
  const where = `${endpoint.host}:${endpoint.port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    let settled = false;
    const finish = (error: Error | undefined, response?: TTableReplicationResponse) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    };
    socket.setTimeout(endpoint.timeoutMs, () => finish(new ThriftCallError(`startTableReplication on FE ${where} timed out after ${endpoint.timeoutMs} ms`)));
    socket.on('error', (error) => finish(new ThriftCallError(`startTableReplication on FE ${where} failed: ${error.message}`)));
    socket.on('close', () => finish(new ThriftCallError(`FE ${where} closed the connection without answering startTableReplication`)));
    const onData = thrift.TBufferedTransport.receiver((transport: thrift.TBufferedTransport) => {
      // Called with everything received so far; a reply not complete yet rolls back and waits.
      const input = new thrift.TBinaryProtocol(transport);
      try {
        const { mtype } = input.readMessageBegin();
        if (mtype === MessageType.EXCEPTION) {
          const error = new TApplicationException();
          error.read(input);
          finish(new ThriftCallError(`FE ${where} rejected startTableReplication: ${error.message}`));
          return;
        }
        const result = readStruct<{ success?: TTableReplicationResponse }>(input, StartTableReplicationResultSpec);
        input.readMessageEnd();
        finish(undefined, result.success ?? {});
      } catch (error) {
        if ((error as Error).name === 'InputBufferUnderrunError') transport.rollbackPosition();
        else finish(new ThriftCallError(`FE ${where} sent a malformed reply: ${(error as Error).message}`));
      }
    }, 0);
    socket.on('data', (data: Buffer) => onData(data));
    socket.on('connect', () => socket.write(encodeCall(request, 1)));
  });
}
