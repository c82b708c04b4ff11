package fuse.webconsole;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's login: one user, {@value #USER}, whose password is the first line of a file under the host's
 * {@code etc/} ({@value #DEFAULT_PASSWORD_FILE} unless the framework property {@value #PASSWORD_FILE_PROPERTY} names
 * another). On the first start the file does not exist: a random password is written to it (readable by its owner
 * only) and the log says where. The file is read at every login, so a new password takes effect without a restart.
 *
 * <p>A login is a form (a clear message on a wrong password), answered with a session cookie that is
 * {@code HttpOnly} and {@code SameSite=Strict}: a page on another site cannot make the browser send it. Each session
 * carries a CSRF token that the FUSE page's forms must send back. The host's bndrun names this provider in
 * {@code felix.webconsole.security.providers}, so the web console is not served at all (and its built-in default
 * password never works) unless this bundle runs.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=" + ConsoleLogin.ID)
public final class ConsoleLogin implements SecurityProvider {
    /** The provider id the host requires ({@code felix.webconsole.security.providers}). */
    static final String ID = "fuse.webconsole";
    /** The one user. */
    static final String USER = "admin";
    /** Framework property: the password file, relative to {@code fuse.home} (default: the working directory). */
    static final String PASSWORD_FILE_PROPERTY = "fuse.webconsole.password.file";
    static final String DEFAULT_PASSWORD_FILE = "etc/webconsole.password";
    /** The login form's password field. */
    static final String PASSWORD_PARAMETER = "fuse-console-password";
    private static final String COOKIE = "fuse-console-session";
    private static final Duration SESSION_IDLE = Duration.ofHours(8);
    private static final System.Logger LOG = System.getLogger("fuse.webconsole");

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Path passwordFile;

    /** Creates the password file on the first start. */
    @Activate
    public ConsoleLogin(BundleContext context) {
        passwordFile = passwordFile(context);
        try {
            if (!Files.exists(passwordFile)) {
                Files.createDirectories(passwordFile.getParent());
                Path tmp = passwordFile.resolveSibling(passwordFile.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, token(18) + "\n");
                Files.move(tmp, passwordFile);
                LOG.log(Level.INFO, "web console: generated a password for user " + USER + " in " + passwordFile
                        + " (edit the file to change it)");
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, "web console: cannot create the password file " + passwordFile + ": " + e
                    + "; nobody can log in until it exists");
        }
    }

    /** Says where the console is once the HTTP runtime is up (its endpoints are service properties). */
    @Reference(service = HttpServiceRuntime.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC)
    void bindHttpRuntime(Map<String, Object> properties) {
        Object endpoints = properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT);
        java.util.List<String> urls = new java.util.ArrayList<>();
        if (endpoints instanceof String[] a) {
            urls.addAll(java.util.List.of(a));
        } else if (endpoints instanceof java.util.Collection<?> c) {
            c.forEach(e -> urls.add(String.valueOf(e)));
        } else if (endpoints != null) {
            urls.add(endpoints.toString());
        }
        for (String url : urls) {
            LOG.log(Level.INFO, "web console: " + (url.endsWith("/") ? url : url + "/") + "system/console/"
                    + FusePlugin.LABEL + " (user " + USER + ", password in " + passwordFile + ")");
        }
    }

    void unbindHttpRuntime(Map<String, Object> properties) {
        // nothing to undo
    }

    static Path passwordFile(BundleContext context) {
        String home = context.getProperty("fuse.home");
        String file = context.getProperty(PASSWORD_FILE_PROPERTY);
        Path base = Path.of(home == null ? System.getProperty("user.dir") : home);
        return base.resolve(file == null || file.isBlank() ? DEFAULT_PASSWORD_FILE : file).toAbsolutePath()
                .normalize();
    }

    /** Where the password is. */
    Path passwordFile() {
        return passwordFile;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        ConsoleSession session = session(request);
        if (session != null) {
            return session;
        }
        try {
            if ("POST".equals(request.getMethod()) && request.getParameter(PASSWORD_PARAMETER) != null) {
                if (passwordMatches(request.getParameter(PASSWORD_PARAMETER))) {
                    ConsoleSession s = new ConsoleSession(token(24), token(24));
                    s.touch(Instant.now());
                    sessions.put(s.id(), s);
                    response.addHeader("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
                    // back to the page that asked for the login, now as a GET
                    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    response.setHeader("Location", request.getRequestURI());
                    return null;
                }
                LOG.log(Level.WARNING, "web console: wrong password from " + request.getRemoteAddr());
                loginPage(response, "Wrong password. The password is the first line of " + DEFAULT_PASSWORD_FILE
                        + " (or the file " + PASSWORD_FILE_PROPERTY + " names) on the host.");
                return null;
            }
            loginPage(response, null);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "web console: cannot answer a login request: " + e);
        }
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof ConsoleSession;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        ConsoleSession s = session(request);
        if (s != null) {
            sessions.remove(s.id());
        }
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    private ConsoleSession session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        Instant now = Instant.now();
        sessions.values().removeIf(s -> s.lastUsed().plus(SESSION_IDLE).isBefore(now));
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                ConsoleSession s = sessions.get(c.getValue());
                if (s != null) {
                    s.touch(now);
                    return s;
                }
            }
        }
        return null;
    }

    private boolean passwordMatches(String given) {
        String expected;
        try {
            expected = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            LOG.log(Level.ERROR, "web console: cannot read the password file " + passwordFile + ": " + e);
            return false;
        }
        return !expected.isEmpty() && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.strip().getBytes(StandardCharsets.UTF_8));
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void loginPage(HttpServletResponse response, String error) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter w = response.getWriter();
        w.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>osgi-fuse: log in</title>");
        w.println("<style>body{font-family:sans-serif;margin:4em auto;max-width:28em;color:#222}"
                + "input{font-size:1em;padding:.3em}.error{color:#a00;font-weight:bold}</style></head><body>");
        w.println("<h1>osgi-fuse web console</h1>");
        if (error != null) {
            w.println("<p class=\"error\" id=\"login-error\">" + Html.escape(error) + "</p>");
        }
        w.println("<form method=\"post\"><p>User <b>" + USER + "</b>; the password is in <code>"
                + DEFAULT_PASSWORD_FILE + "</code> under the host's working directory.</p>");
        w.println("<p><label>Password <input type=\"password\" id=\"password\" name=\"" + PASSWORD_PARAMETER
                + "\" autofocus required></label> <button type=\"submit\" id=\"login\">Log in</button></p></form>");
        w.println("</body></html>");
    }
}
