// One client connection: handshake and authentication, then commands one at a time. mysql2
// parses the handshake and splits packets; everything the client receives after the server's
// hello is written here, through PacketWriter.

import type { Socket } from 'node:net';
import { SqlError } from './errors.js';
import {
  type HandshakeAuthParams,
  type RawCommandPacket,
  type ServerSideConnection,
  wrapServerSocket,
} from './mysql2-server-connection.js';
import { verifyNativePasswordHash } from './native-password.js';
import { ConnectionClosedError, PacketWriter } from './packet-writer.js';
import { eofPacket, errorPacket, okPacket } from './packets.js';
import { CHARSET_UTF8, Capability, Command, SERVER_CAPABILITIES, Status } from './protocol-constants.js';
import { writeError, writeResult } from './result-writer.js';
import { ClientSession, displayAddress } from './session.js';
import { splitStatements } from './split-statements.js';
import type { MysqlServerOptions } from './types.js';

const NATIVE_PASSWORD = 'mysql_native_password';

/**
 * Commands mysql2 raises events for. Each gets a listener that does nothing, because without
 * one mysql2 answers on its own (with the wrong sequence ids, or by treating queries that start
 * with SET as prepared statements). All commands are answered from the 'packet' event instead,
 * which carries the real command byte.
 */
const MYSQL2_COMMAND_EVENTS = ['query', 'stmt_prepare', 'stmt_execute', 'init_db', 'ping', 'field_list', 'quit'];

/** Quotes a database name for the USE statement sent to the engine. */
function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Errors that only mean the client went away, which is no failure worth reporting. */
const DISCONNECT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

function isDisconnect(err: unknown): boolean {
  if (err instanceof ConnectionClosedError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DISCONNECT_CODES.has(code);
}

export class ClientConnection {
  private readonly conn: ServerSideConnection;
  private readonly writer: PacketWriter;
  private readonly remoteAddress: string;
  /** Set once the login passed; the engine is told when this session ends. */
  private session: ClientSession | undefined;
  private authenticated = false;
  /** Set once mysql2 has parsed the client's handshake response. */
  private handshakeRead = false;
  private multiStatements = false;
  /** Commands run one after another even if a client sends the next before the reply. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly connectionId: number,
    private readonly options: MysqlServerOptions,
    private readonly serverVersion: string,
    private readonly onClosed: (c: ClientConnection) => void,
  ) {
    this.remoteAddress = displayAddress(socket.remoteAddress);
    this.writer = new PacketWriter(socket);
    socket.setNoDelay(true);
    this.conn = wrapServerSocket(socket);
    // Without an 'error' listener a client vanishing mid-command would throw from mysql2 and
    // take the whole process down.
    this.conn.on('error', (err: Error) => this.onProtocolError(err));
    socket.on('close', () => this.onSocketClosed());
    for (const event of MYSQL2_COMMAND_EVENTS) this.conn.on(event, () => {});
    this.conn.on('packet', (packet: RawCommandPacket) => this.onCommandPacket(packet));
  }

  start(): void {
    this.conn.serverHandshake({
      protocolVersion: 10,
      serverVersion: this.serverVersion,
      connectionId: this.connectionId,
      statusFlags: Status.NONE,
      characterSet: CHARSET_UTF8,
      capabilityFlags: SERVER_CAPABILITIES,
      // The callback mysql2 passes is never called: it can only send an error without a SQLSTATE.
      authCallback: (params) => {
        this.handshakeRead = true;
        const replySequenceId = this.conn.sequenceId;
        this.conn.sequenceId = 0;
        this.authenticate(params, replySequenceId).catch((err: unknown) => this.fail(err));
      },
    });
  }

  /** Closes the connection at once (server shutdown). */
  destroy(): void {
    this.socket.destroy();
  }

  private async authenticate(params: HandshakeAuthParams, replySequenceId: number): Promise<void> {
    const hello = this.conn.clientHelloReply ?? {};
    const user = params.user ?? '';
    const token = params.authToken ?? Buffer.alloc(0);
    this.writer.startReply(replySequenceId);

    const plugin = hello.authPluginName;
    if (plugin !== undefined && plugin !== '' && plugin !== NATIVE_PASSWORD) {
      return this.refuse(SqlError.authPluginNotSupported(plugin));
    }
    const scramble = Buffer.concat([params.authPluginData1, params.authPluginData2]);
    let hash: string | undefined;
    try {
      hash = this.options.passwordHashOf(user);
    } catch (e) {
      return this.refuse(e);
    }
    if (hash === undefined || !verifyNativePasswordHash(hash, scramble, token)) {
      return this.refuse(SqlError.accessDenied(user, token.length > 0));
    }

    this.multiStatements = ((hello.clientFlags ?? 0) & Capability.MULTI_STATEMENTS) !== 0;
    const session = new ClientSession(this.connectionId, user, this.remoteAddress, undefined);
    this.session = session;
    const database = params.database ?? '';
    if (database !== '') {
      try {
        await this.useDatabase(database);
      } catch (e) {
        return this.refuse(e);
      }
    }
    this.writer.push(okPacket({ status: Status.NONE }));
    await this.writer.flush();
    this.conn.sequenceId = 0;
    this.authenticated = true;
  }

  /** Answers the login with an error and hangs up, as MySQL does. */
  private async refuse(e: unknown): Promise<void> {
    writeError(this.writer, e);
    await this.writer.flush();
    this.socket.end();
  }

  /** COM_INIT_DB and a database in the handshake both go through the engine's USE. */
  private async useDatabase(name: string): Promise<void> {
    const session = this.session;
    if (session === undefined) throw SqlError.internal('No session');
    await this.options.execute(session, `USE ${quoteIdentifier(name)}`);
    // The engine normally switches the database itself; make sure a successful USE did.
    if (session.database !== name) session.database = name;
  }

  private onCommandPacket(packet: RawCommandPacket): void {
    // mysql2 advanced sequenceId by the number of physical packets it just read, starting from
    // the 0 it was reset to; the reply continues after the client's last packet.
    const replySequenceId = (packet.sequenceId + this.conn.sequenceId) & 0xff;
    this.conn.sequenceId = 0;
    if (!this.authenticated || this.closed) return;
    // The packet's buffer belongs to mysql2's parser; keep a copy of the payload.
    const payload = Buffer.from(packet.buffer.subarray(packet.start + 4, packet.end));
    this.queue = this.queue
      .then(() => this.runCommand(payload, replySequenceId))
      .catch((err: unknown) => this.fail(err));
  }

  private async runCommand(payload: Buffer, replySequenceId: number): Promise<void> {
    if (this.closed) return;
    this.writer.startReply(replySequenceId);
    switch (payload[0]) {
      case Command.QUIT:
        this.socket.end();
        return;
      case Command.STMT_CLOSE:
      case Command.STMT_SEND_LONG_DATA:
        return; // the protocol has no reply for these
      case Command.PING:
        this.writer.push(okPacket({ status: Status.NONE }));
        break;
      case Command.INIT_DB:
        await this.initDb(payload.toString('utf8', 1));
        break;
      case Command.QUERY:
        await this.query(payload.toString('utf8', 1));
        break;
      case Command.SET_OPTION:
        this.setOption(payload);
        break;
      default:
        // Anything else (change user, prepared statements, field lists, ...) is refused; a
        // client waiting for an answer that never comes would hang.
        writeError(this.writer, SqlError.unknownCommand());
    }
    await this.writer.flush();
    this.conn.sequenceId = 0;
  }

  private async initDb(name: string): Promise<void> {
    try {
      await this.useDatabase(name);
      this.writer.push(okPacket({ status: Status.NONE }));
    } catch (e) {
      writeError(this.writer, e);
    }
  }

  /** COM_SET_OPTION switches multi-statement support (0 = on, 1 = off); MySQL answers with EOF. */
  private setOption(payload: Buffer): void {
    const option = payload.length >= 3 ? payload.readUInt16LE(1) : -1;
    if (option !== 0 && option !== 1) {
      writeError(this.writer, SqlError.unknownCommand());
      return;
    }
    this.multiStatements = option === 0;
    this.writer.push(eofPacket(Status.NONE));
  }

  private async query(text: string): Promise<void> {
    const session = this.session;
    if (session === undefined) throw SqlError.internal('No session');
    const statements = splitStatements(text);
    if (statements.length === 0) {
      writeError(this.writer, SqlError.emptyQuery());
      return;
    }
    if (statements.length > 1 && !this.multiStatements) {
      // As in MySQL: several statements in one query need the client's MULTI_STATEMENTS option.
      writeError(
        this.writer,
        SqlError.syntax(
          "You have an error in your SQL syntax; multiple statements in one query need the client's multi-statements option",
        ),
      );
      return;
    }
    for (let i = 0; i < statements.length; i++) {
      const more = i < statements.length - 1;
      let result;
      try {
        result = await this.options.execute(session, statements[i] as string);
      } catch (e) {
        writeError(this.writer, e);
        return; // the first error ends a multi-statement query
      }
      if (!(await writeResult(this.writer, result, session.database, more))) return;
    }
  }

  /**
   * A handshake response mysql2 cannot parse (too short, a length running past its end, an
   * unknown character set) is answered as StarRocks answers one (mysql/MysqlProto.java,
   * readAuthPacket): ERR_NOT_SUPPORTED_AUTH_MODE, then the connection closes. mysql2 destroys the
   * socket right after this event, so the packet is written at once (flush writes synchronously).
   */
  private onProtocolError(err: Error): void {
    if (!this.handshakeRead && !this.closed && !isDisconnect(err) && this.socket.writable) {
      this.writer.discard();
      this.writer.startReply(this.conn.sequenceId);
      this.writer.push(errorPacket(SqlError.unreadableHandshake()));
      this.writer.flush().catch(() => undefined);
    }
    this.fail(err);
  }

  private fail(err: unknown): void {
    if (!this.closed && !isDisconnect(err)) {
      const error = err instanceof Error ? err : new Error(String(err));
      try {
        this.options.onConnectionError?.(this.connectionId, error);
      } catch {
        // a failing observer must not keep the connection open
      }
    }
    this.writer.discard();
    this.socket.destroy();
  }

  private onSocketClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.conn.connectTimeout) {
      clearTimeout(this.conn.connectTimeout);
      this.conn.connectTimeout = null;
    }
    this.writer.discard();
    this.onClosed(this);
    const session = this.session;
    if (session !== undefined) {
      try {
        this.options.onSessionEnd?.(session);
      } catch {
        // the session is over either way
      }
    }
  }
}
