package wschat.handshake;

/**
 * The header fields of an HTTP request.
 *
 * <p>Header names are case-insensitive (RFC 6455 §4.1: "the header field names in both HTTP
 * requests and HTTP responses are case-insensitive"), values are stored trimmed, and a field that
 * appears twice is kept as one comma-separated list, as HTTP allows.
 */
public final class HttpHeaders {

    // TODO exercise 1: a field to hold the headers. Which Map makes "upgrade" and "Upgrade" one key?

    /** Adds one header field; a repeated name is joined to the earlier value with ", ". */
    public void add(String name, String value) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.add - store the value"
                + " trimmed under a case-insensitive name, and join a repeated name with \", \"."
                + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
    }

    /** The value of the named field, or {@code null} when the request has no such field. */
    public String get(String name) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.get - look the name up"
                + " in any case; null when absent."
                + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
    }

    /**
     * Whether the named field is a comma-separated list that holds {@code token}, in any case.
     * Browsers send {@code Connection: keep-alive, Upgrade}, so an equality test is not enough.
     */
    public boolean containsToken(String name, String token) {
        // TODO exercise 1
        throw new UnsupportedOperationException("TODO step 01, exercise 1: write HttpHeaders.containsToken - split"
                + " the value on commas, trim each element, compare ignoring case."
                + " Read step01-handshake/README.md, \"Exercise 1\". Stuck? step01-handshake/HINTS.md");
    }
}
