package wschat.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, served from the classpath folder {@code static/}. Only the files listed here
 * are served: a path from the network is never turned into a file name.
 */
public final class StaticFiles {

    /** Each file and its Content-Type; text is UTF-8 and says so. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "chat.js", "text/javascript; charset=utf-8",
            "chat.css", "text/css; charset=utf-8",
            "poll.html", "text/html; charset=utf-8");

    private StaticFiles() {
    }

    /** Whether {@code name} (e.g. {@code chat.js}) is one of the page's files. */
    public static boolean has(String name) {
        return FILES.containsKey(name);
    }

    /** The Content-Type of one of the page's files. */
    public static String contentType(String name) {
        return FILES.get(name);
    }

    /** The bytes of one of the page's files. */
    public static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("static/" + name + " is missing from src/main/resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
