"""Runs a client session script against a MySQL-protocol server with PyMySQL or MySQLdb and prints
what the driver returned, one line per event, in the format session-scenario.ts parses:

  connect|ok                         connect|error|<errno>|<sqlstate>|<message>
  columns|<name>|...                 row|<tag>:<value>|...   (tags: int str decimal date datetime float null)
  ok|<affected rows>                 error|<errno>|<sqlstate>|<message>
  use|ok

The script has one step a line, its operation and argument separated by a tab:
connect<TAB>password, use<TAB>database, sql<TAB>statement.

Usage: /usr/bin/python3 client_session.py pymysql|mysqldb <port> <script file>
"""
import datetime
import decimal
import sys

DRIVER, PORT, STEPS = sys.argv[1], int(sys.argv[2]), sys.argv[3]

if DRIVER == 'pymysql':
    import pymysql as db

    # PyMySQL keeps only the number and text of an error packet; the SQLSTATE (bytes 4..8 after
    # the '#') is read here before the driver turns the packet into an exception.
    last_sqlstate = ['-']
    _raise = db.err.raise_mysql_exception

    def _keep_sqlstate(data):
        last_sqlstate[0] = data[4:9].decode('ascii') if data[3:4] == b'#' else '-'
        _raise(data)

    db.err.raise_mysql_exception = _keep_sqlstate

    def sqlstate(_conn):
        return last_sqlstate[0]

    def connect(password):
        # autocommit=True: PyMySQL compares it with the server's status flags and, StarRocks
        # reporting autocommit off there, sends SET AUTOCOMMIT = 1.
        return db.connect(host='127.0.0.1', port=PORT, user='root', password=password, autocommit=True, charset='utf8mb4')
elif DRIVER == 'mysqldb':
    import MySQLdb as db

    def sqlstate(conn):
        # MySQLdb exposes the SQLSTATE of the connection's last error; a refused login has no connection.
        return conn.sqlstate() if conn is not None else '-'

    def connect(password):
        return db.connect(host='127.0.0.1', port=PORT, user='root', password=password, charset='utf8mb4')
else:
    sys.exit('unknown driver ' + DRIVER)


def out(*fields):
    print('|'.join(str(f) for f in fields), flush=True)


def tagged(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'bool:' + ('1' if value else '0')
    if isinstance(value, int):
        return 'int:' + str(value)
    if isinstance(value, decimal.Decimal):
        return 'decimal:' + str(value)
    if isinstance(value, float):
        return 'float:' + repr(value)
    if isinstance(value, datetime.datetime):
        return 'datetime:' + value.strftime('%Y-%m-%d %H:%M:%S')
    if isinstance(value, datetime.date):
        return 'date:' + value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        value = value.decode('utf-8')
    # Newlines would break the line format (SHOW CREATE TABLE); the test reads them back.
    return 'str:' + str(value).replace('\\', '\\\\').replace('\n', '\\n')


def error(e, conn):
    errno, message = (e.args + ('',))[:2]
    return errno, sqlstate(conn), message


conn = None
for line in open(STEPS, encoding='utf-8').read().splitlines():
    op, _, arg = line.partition('\t')
    if op == 'connect':
        try:
            conn = connect(arg)
            out('connect', 'ok')
        except db.Error as e:
            out('connect', 'error', *error(e, None))
    elif op == 'use':
        conn.select_db(arg)
        out('use', 'ok')
    elif op == 'sql':
        cur = conn.cursor()
        try:
            cur.execute(arg)
        except db.Error as e:
            out('error', *error(e, conn))
            continue
        if cur.description is None:
            out('ok', cur.rowcount)
        else:
            out('columns', *[d[0] for d in cur.description])
            for row in cur.fetchall():
                out('row', *[tagged(v) for v in row])
        cur.close()
if conn is not None:
    conn.close()
