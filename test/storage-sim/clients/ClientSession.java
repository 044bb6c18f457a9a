// Runs a client session script against a MySQL-protocol server with MariaDB Connector/J and prints
// what the driver returned, one line per event, in the format session-scenario.ts parses (the same
// as client_session.py's). The script has one step a line, operation and argument separated by a
// tab: connect<TAB>password, use<TAB>database, sql<TAB>statement.
//
// Usage: java -cp mariadb-java-client.jar ClientSession.java <port> <script file>

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;

public class ClientSession {
    private static final SimpleDateFormat DATETIME = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");

    private static void out(List<String> fields) {
        System.out.println(String.join("|", fields));
        System.out.flush();
    }

    private static String tagged(Object value) {
        if (value == null) return "null";
        if (value instanceof Boolean) return "bool:" + (((Boolean) value) ? "1" : "0");
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) return "int:" + value;
        if (value instanceof BigDecimal) return "decimal:" + ((BigDecimal) value).toPlainString();
        if (value instanceof Double || value instanceof Float) return "float:" + value;
        if (value instanceof java.sql.Timestamp) return "datetime:" + DATETIME.format((java.sql.Timestamp) value);
        if (value instanceof java.sql.Date) return "date:" + value;
        String text = value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : value.toString();
        // Newlines would break the line format (SHOW CREATE TABLE); the test reads them back.
        return "str:" + text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /**
     * The server's message: Connector/J puts "(conn=<id>) " in front of it and, after a refused
     * login, a hint about the password's character set on the next line.
     */
    private static List<String> error(SQLException e) {
        String message = e.getMessage().split("\n", 2)[0].replaceFirst("^.*?\\(conn=\\d+\\) ", "");
        return List.of(String.valueOf(e.getErrorCode()), e.getSQLState() == null ? "-" : e.getSQLState(), message);
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:" + args[0] + "/?user=root";
        Connection conn = null;
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            String op = line.substring(0, tab);
            String arg = line.substring(tab + 1);
            List<String> fields = new ArrayList<>();
            fields.add(op.equals("sql") ? "ok" : op);
            switch (op) {
                case "connect":
                    try {
                        conn = DriverManager.getConnection(url + "&password=" + arg);
                        fields.add("ok");
                    } catch (SQLException e) {
                        fields.add("error");
                        fields.addAll(error(e));
                    }
                    out(fields);
                    break;
                case "use":
                    conn.setCatalog(arg);
                    fields.add("ok");
                    out(fields);
                    break;
                case "sql":
                    try (Statement statement = conn.createStatement()) {
                        if (!statement.execute(arg)) {
                            out(List.of("ok", String.valueOf(statement.getUpdateCount())));
                            break;
                        }
                        try (ResultSet rs = statement.getResultSet()) {
                            ResultSetMetaData meta = rs.getMetaData();
                            List<String> columns = new ArrayList<>(List.of("columns"));
                            for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnLabel(i));
                            out(columns);
                            while (rs.next()) {
                                List<String> row = new ArrayList<>(List.of("row"));
                                for (int i = 1; i <= meta.getColumnCount(); i++) row.add(tagged(rs.getObject(i)));
                                out(row);
                            }
                        }
                    } catch (SQLException e) {
                        List<String> err = new ArrayList<>(List.of("error"));
                        err.addAll(error(e));
                        out(err);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown step " + op);
            }
        }
        if (conn != null) conn.close();
    }
}
