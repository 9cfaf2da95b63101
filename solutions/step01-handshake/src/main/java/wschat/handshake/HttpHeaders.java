package wschat.handshake;

import java.util.Map;
import java.util.TreeMap;

/**
 * The header fields of an HTTP request.
 *
 * <p>Header names are case-insensitive (RFC 6455 §4.1: "the header field names in both HTTP
 * requests and HTTP responses are case-insensitive"), values are stored trimmed, and a field that
 * appears twice is kept as one comma-separated list, as HTTP allows.
 */
public final class HttpHeaders {

    /** Names compare case-insensitively: "upgrade", "Upgrade" and "UPGRADE" are one key. */
    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** Adds one header field; a repeated name is joined to the earlier value with ", ". */
    public void add(String name, String value) {
        String trimmed = value.trim();
        values.merge(name, trimmed, (earlier, later) -> earlier + ", " + later);
    }

    /** The value of the named field, or {@code null} when the request has no such field. */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * Whether the named field is a comma-separated list that holds {@code token}, in any case.
     * Browsers send {@code Connection: keep-alive, Upgrade}, so an equality test is not enough.
     */
    public boolean containsToken(String name, String token) {
        String value = values.get(name);
        if (value == null) {
            return false;
        }
        for (String element : value.split(",")) {
            if (element.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
