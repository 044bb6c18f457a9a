// The FE's Thrift endpoint (rpc_port): FrontendService over TBinaryProtocol on a plain buffered
// socket, as StarRocks' FE serves it. Only startTableReplication is implemented; any other method
// gets Thrift's UNKNOWN_METHOD exception, and a malformed message closes the connection (the
// thrift server's own behaviour), never the process.
import type { Server } from 'node:net';
import thrift from 'thrift';
import { readStruct, writeStruct } from './thrift-struct-codec.js';
import { StartTableReplicationArgsSpec, StartTableReplicationResultSpec } from './replication-structs.js';
import { START_TABLE_REPLICATION, TStatusCode, type TTableReplicationRequest, type TTableReplicationResponse } from './replication-types.js';

const { Type, MessageType, TApplicationException, TApplicationExceptionType } = thrift.Thrift;

export interface FrontendServiceHandler {
  startTableReplication(request: TTableReplicationRequest): Promise<TTableReplicationResponse>;
}

class Processor {
  constructor(private readonly handler: FrontendServiceHandler) {}

  process(input: thrift.TProtocol, output: thrift.TProtocol): void {
    const { fname, rseqid } = input.readMessageBegin();
    if (fname !== START_TABLE_REPLICATION) {
      input.skip(Type.STRUCT);
      input.readMessageEnd();
      const error = new TApplicationException(TApplicationExceptionType.UNKNOWN_METHOD, `Unknown function ${fname}`);
      output.writeMessageBegin(fname, MessageType.EXCEPTION, rseqid);
      error.write(output);
      output.writeMessageEnd();
      output.flush();
      return;
    }
    const args = readStruct<{ request?: TTableReplicationRequest }>(input, StartTableReplicationArgsSpec);
    input.readMessageEnd();
    const reply = (response: TTableReplicationResponse) => {
      output.writeMessageBegin(fname, MessageType.REPLY, rseqid);
      writeStruct(output, StartTableReplicationResultSpec, { success: response });
      output.writeMessageEnd();
      output.flush();
    };
    this.handler.startTableReplication(args.request ?? {}).then(reply, (error: unknown) =>
      reply({ status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: [error instanceof Error ? error.message : String(error)] } }),
    );
  }
}

export function createFrontendServiceServer(handler: FrontendServiceHandler): Server {
  const server = thrift.createServer(Processor as unknown as thrift.TProcessorConstructor<Processor, FrontendServiceHandler>, handler, {
    transport: thrift.TBufferedTransport,
    protocol: thrift.TBinaryProtocol,
  }) as unknown as Server;
  // The thrift server reports bad input as 'error' events after closing that connection.
  server.on('error', () => undefined);
  return server;
}
