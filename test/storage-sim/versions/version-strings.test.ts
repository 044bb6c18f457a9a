// What a cluster says its version is, by release: current_version() (the BE's utility function:
// "<version> <hash>", and "<version>-<hash>" in the newest code), @@version_comment
// (STARROCKS_VERSION + "-" + STARROCKS_COMMIT_HASH), @@version, version() and the MySQL handshake
// (Config.mysql_server_version: 5.1.0 until PR #52512 made it 8.0.33 in 3.4.0), and the Version
// column of SHOW FRONTENDS and SHOW BACKENDS (<version>-<hash>, from the heartbeats).
// StarRocks: fe/fe-core/src/main/java/com/starrocks/qe/GlobalVariable.java, fe/fe-core/src/main/java/com/starrocks/common/Config.java,
// fe/fe-core/src/main/java/com/starrocks/common/proc/FrontendsProcNode.java, fe/fe-core/src/main/java/com/starrocks/common/proc/BackendsProcDir.java
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { rows } from '../../helpers/sim-cluster.js';
import { RELEASES, startRelease } from './release-helpers.js';

const EXPECTED: Record<(typeof RELEASES)[number], { version: string; separator: string; mysql: string }> = {
  '3.1.8': { version: '3.1.8', separator: ' ', mysql: '5.1.0' },
  '3.2.3': { version: '3.2.3', separator: ' ', mysql: '5.1.0' },
  '3.3': { version: '3.3.9', separator: ' ', mysql: '5.1.0' },
  '3.5': { version: '3.5.2', separator: '-', mysql: '8.0.33' },
  '4.0': { version: '4.0.1', separator: '-', mysql: '8.0.33' },
};

/** The server version of the MySQL handshake, read off the wire: the NUL-terminated text after the protocol version byte. */
function handshakeServerVersion(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf(0, 5);
      if (data.length > 5 && end > 0) {
        assert.equal(data[4], 10, 'protocol version 10');
        socket.destroy();
        resolve(data.subarray(5, end).toString('latin1'));
      }
    });
    socket.on('error', reject);
  });
}

for (const version of RELEASES) {
  const expected = EXPECTED[version];
  test(`${version}: current_version(), @@version_comment, @@version, the handshake and SHOW FRONTENDS/BACKENDS`, async (t) => {
    const { cluster, conn, stop } = await startRelease('version-strings', version);
    t.after(stop);
    const [answer] = await rows(conn, 'SELECT current_version() AS current, @@version_comment AS comment, @@version AS mysql, version() AS fn');
    const hash = String(answer!.comment).slice(expected.version.length + 1);
    assert.match(hash, /^[0-9a-f]{7}$/);
    assert.deepEqual(answer, {
      current: `${expected.version}${expected.separator}${hash}`,
      comment: `${expected.version}-${hash}`,
      mysql: expected.mysql,
      fn: expected.mysql,
    });
    assert.equal(await handshakeServerVersion(cluster.fe.queryPort), expected.mysql);
    assert.deepEqual((await rows(conn, 'SHOW FRONTENDS')).map((fe) => fe.Version), [`${expected.version}-${hash}`]);
    assert.deepEqual((await rows(conn, 'SHOW BACKENDS')).map((be) => be.Version), [`${expected.version}-${hash}`]);
    assert.deepEqual(await rows(conn, "SHOW VARIABLES LIKE 'version%'"), [
      { Variable_name: 'version', Value: expected.mysql },
      { Variable_name: 'version_comment', Value: `${expected.version}-${hash}` },
    ]);
  });
}
