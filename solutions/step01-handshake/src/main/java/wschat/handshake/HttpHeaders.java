package wschat.handshake;
// BEGIN exercise 1

import java.util.Map;
import java.util.TreeMap;
// END exercise 1

/**
 * The header fields of an HTTP request.
 *
 * <p>Header names are case-insensitive (RFC 6455 §4.1: "the header field names in both HTTP
 * requests and HTTP responses are case-insensitive"), values are stored trimmed, and a field that
 * appears twice is kept as one comma-separated list, as HTTP allows.
 */
public final class HttpHeaders {

    // BEGIN exercise 1
    /** Names compare case-insensitively: "upgrade", "Upgrade" and "UPGRADE" are one key. */
    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    // INSTEAD
    // // TODO exercise 1: a field to hold the headers. Which Map makes "upgrade" and "Upgrade" one key?
    // END exercise 1

    /** Adds one header field; a repeated name is joined to the earlier value with ", ". */
    public void add(String name, String value) {
        // BEGIN exercise 1
        String trimmed = value.trim();
        values.merge(name, trimmed, (earlier, later) -> earlier + ", " + later);
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.add - store the value"
        //         + " trimmed under a case-insensitive name, and join a repeated name with \", \"."
        //         + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
        // END exercise 1
    }

    /** The value of the named field, or {@code null} when the request has no such field. */
    public String get(String name) {
        // BEGIN exercise 1
        return values.get(name);
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.get - look the name up"
        //         + " in any case; null when absent."
        //         + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
        // END exercise 1
    }

    /**
     * Whether the named field is a comma-separated list that holds {@code token}, in any case.
     * Browsers send {@code Connection: keep-alive, Upgrade}, so an equality test is not enough.
     */
    public boolean containsToken(String name, String token) {
        // BEGIN exercise 1
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
        // INSTEAD
        // // TODO exercise 1
        // throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.containsToken - split"
        //         + " the value on commas, trim each element, compare ignoring case."
        //         + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
        // END exercise 1
    }
}
