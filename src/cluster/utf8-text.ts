// StarRocks labels every text column of a result with character set 33 (utf8_general_ci, MySQL's
// three-byte "utf8": mysql/MysqlColDef.java, mysql/MysqlHandshakePacket.java), and mysql2 decodes
// that character set as CESU-8, which garbles every four-byte character (emoji, rarer CJK
// ideographs) into replacement characters (node-mysql2 issue #3530, seen with StarRocks 3.4). The
// bytes StarRocks sends are plain UTF-8, so text columns are decoded as UTF-8: a database, table or
// partition named with such characters reads back as it was created.
import type { TypeCast } from 'mysql2';

/** mysql2's type names of the columns that carry text. */
const TEXT_TYPES = new Set(['VAR_STRING', 'STRING', 'VARCHAR', 'BLOB', 'TINY_BLOB', 'MEDIUM_BLOB', 'LONG_BLOB', 'ENUM', 'SET', 'JSON']);

export const decodeTextAsUtf8: TypeCast = (field, next) => (TEXT_TYPES.has(field.type) ? field.string('utf8') : next());
