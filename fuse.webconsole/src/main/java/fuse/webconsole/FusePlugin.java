package fuse.webconsole;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.apache.felix.webconsole.servlet.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import fuse.runtime.management.DriverDTO;
import fuse.runtime.management.DriverSettingsDTO;
import fuse.runtime.management.FuseManagement;
import fuse.runtime.management.MountDTO;
import fuse.runtime.management.OperationDTO;
import fuse.runtime.management.SettingDTO;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's FUSE page ({@code /system/console/fuse}): the mounts with their request statistics and a live
 * chart, the drivers with their settings, and forms to mount, unmount and invalidate. Everything comes from and goes
 * through the runtime's {@link FuseManagement} service, as the {@code fuse:} shell commands do.
 *
 * <p>The page polls {@code fuse/data.json} every {@value #SAMPLE_SECONDS} s; a sampler keeps the last
 * {@value #HISTORY_MINUTES} minutes of each mount for the chart. Forms are POSTs that carry the session's CSRF token
 * and are answered with a redirect back to the page, which shows what was done or why it was refused.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + FusePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=FUSE",
        ServletConstants.PLUGIN_CATEGORY + "=osgi-fuse" })
public final class FusePlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "fuse";
    static final int SAMPLE_SECONDS = 2;
    static final int HISTORY_MINUTES = 5;
    private static final System.Logger LOG = System.getLogger("fuse.webconsole");

    private final transient FuseManagement management;
    private final transient History history = new History(HISTORY_MINUTES * 60 / SAMPLE_SECONDS);
    private final transient ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuse-webconsole-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Starts sampling the mounts. */
    @Activate
    public FusePlugin(@Reference FuseManagement management) {
        this.management = management;
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sampler.shutdownNow();
    }

    private void sample() {
        try {
            history.sample(System.currentTimeMillis(), management.mounts());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "web console: cannot sample the mounts: " + e);
        }
    }

    // ----- GET: data and resources; the page itself is rendered inside the console's frame ----------------------

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().endsWith("/" + LABEL + "/data.json")) {
            response.setContentType("application/json;charset=UTF-8");
            setNoCache(response);
            response.getWriter().write(json(management.mounts()));
            return;
        }
        spoolResource(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleSession session = session(request);
        String root = pluginRoot(request);
        List<MountDTO> mounts = management.mounts();
        List<DriverDTO> drivers = management.drivers();
        PrintWriter w = response.getWriter();
        w.println("<link rel=\"stylesheet\" href=\"" + Html.escape(root) + "/res/fuse.css\">");
        w.println("<div id=\"fuse-page\" data-root=\"" + Html.escape(root) + "\" data-csrf=\""
                + Html.escape(session == null ? "" : session.csrf()) + "\" data-interval=\""
                + SAMPLE_SECONDS * 1000 + "\">");
        ConsoleSession.Flash flash = session == null ? null : session.takeFlash();
        if (flash != null) {
            w.println("<p id=\"fuse-message\" class=\"fuse-message " + (flash.error() ? "fuse-error" : "fuse-ok")
                    + "\">" + Html.escape(flash.text()) + "</p>");
        }

        w.println("<h2>Mounts</h2>");
        w.println("<table id=\"fuse-mounts\" class=\"fuse-table\"><thead><tr><th>Mountpoint</th><th>Driver</th>"
                + "<th>State</th><th>Uptime</th><th>Options</th><th class=\"num\">Requests</th>"
                + "<th class=\"num\">Errors</th><th class=\"num\">In flight</th><th></th></tr></thead><tbody>");
        for (MountDTO m : mounts) {
            w.println(mountRow(m, root, session));
        }
        w.println("</tbody></table>");

        w.println("<h2>Statistics of <span id=\"fuse-selected\">"
                + Html.escape(mounts.stream().filter(MountDTO::mounted).map(MountDTO::mountpoint).findFirst()
                        .orElse("-")) + "</span></h2>");
        w.println("<p class=\"fuse-hint\">Up to the last " + HISTORY_MINUTES + " minutes, sampled every "
                + SAMPLE_SECONDS + " s; choose a mount with its Statistics button.</p>");
        w.println("<div class=\"fuse-charts\"><figure><figcaption>Requests per second</figcaption>"
                + "<canvas id=\"fuse-chart-rate\" width=\"560\" height=\"200\"></canvas></figure>"
                + "<figure><figcaption>Latency (ms): <span class=\"p50\">p50</span> and <span class=\"p99\">p99"
                + "</span></figcaption><canvas id=\"fuse-chart-latency\" width=\"560\" height=\"200\"></canvas>"
                + "</figure></div>");
        w.println("<table id=\"fuse-operations\" class=\"fuse-table\"><thead><tr><th>Operation</th>"
                + "<th class=\"num\">Count</th><th class=\"num\">Errors</th><th class=\"num\">p50</th>"
                + "<th class=\"num\">p90</th><th class=\"num\">p99</th></tr></thead><tbody></tbody></table>");

        String csrf = session == null ? "" : session.csrf();
        w.println("<h2>Mount a driver</h2>");
        w.println("<form id=\"fuse-mount-form\" method=\"post\" action=\"" + Html.escape(root) + "/mount\">"
                + csrfField(csrf) + "<p><label>Driver <select name=\"driver\" id=\"fuse-driver\">");
        for (DriverDTO d : drivers) {
            w.println("<option value=\"" + Html.escape(d.name()) + "\">" + Html.escape(d.name()) + "</option>");
        }
        w.println("</select></label> <label>Mountpoint <input name=\"mountpoint\" id=\"fuse-mountpoint\" size=\"40\" "
                + "placeholder=\"/absolute/path/of/an/empty/directory\"></label></p>"
                + "<p><label>Settings, one key=value a line (see the driver's settings below)<br>"
                + "<textarea name=\"settings\" id=\"fuse-settings\" rows=\"3\" cols=\"60\" "
                + "placeholder=\"capacity=1g\"></textarea></label></p>"
                + "<p><button type=\"submit\" id=\"fuse-mount\">Mount</button> <span class=\"fuse-hint\">Creates "
                + "the mount's configuration, as fuse:mount does: it survives a restart.</span></p></form>");

        w.println("<h2>Invalidate a path</h2>");
        w.println("<form id=\"fuse-invalidate-form\" method=\"post\" action=\"" + Html.escape(root)
                + "/invalidate\">" + csrfField(csrf) + "<p><label>Mount <select name=\"mountpoint\">");
        for (MountDTO m : mounts) {
            if (m.mounted()) {
                w.println("<option value=\"" + Html.escape(m.mountpoint()) + "\">" + Html.escape(m.mountpoint())
                        + "</option>");
            }
        }
        w.println("</select></label> <label>Path <input name=\"path\" size=\"40\" placeholder=\"dir/file, relative "
                + "to the mount\"></label> <button type=\"submit\">Invalidate</button> <span class=\"fuse-hint\">"
                + "Drops the kernel's cached attributes, data and entry of the path.</span></p></form>");

        w.println("<h2>Drivers</h2>");
        w.println("<table id=\"fuse-drivers\" class=\"fuse-table\"><thead><tr><th>Driver</th><th>Bundle</th>"
                + "<th>Version</th><th>State</th><th>Settings</th></tr></thead><tbody>");
        for (DriverDTO d : drivers) {
            w.println("<tr data-driver=\"" + Html.escape(d.name()) + "\"><td>" + Html.escape(d.name()) + "</td><td>"
                    + d.bundleId() + " " + Html.escape(d.symbolicName()) + "</td><td>" + Html.escape(d.version())
                    + "</td><td>" + Html.escape(d.state()) + "</td><td>" + settings(d) + "</td></tr>");
        }
        w.println("</tbody></table>");
        w.println("</div>");
        w.println("<script src=\"" + Html.escape(root) + "/res/fuse.js\"></script>");
    }

    private String settings(DriverDTO d) {
        DriverSettingsDTO s;
        try {
            s = management.settings(d.name());
        } catch (RuntimeException e) {
            return "<span class=\"fuse-hint\">" + Html.escape(e.getMessage()) + "</span>";
        }
        StringBuilder b = new StringBuilder("<details><summary>" + s.settings().size() + " settings: "
                + Html.escape(s.description()) + "</summary><table class=\"fuse-settings\"><tr><th>Key</th>"
                + "<th>Type</th><th>Default</th><th>Description</th></tr>");
        for (SettingDTO a : s.settings()) {
            b.append("<tr><td><code>").append(Html.escape(a.key())).append("</code></td><td>")
                    .append(Html.escape(a.type())).append("</td><td>")
                    .append(a.defaultValue() == null ? "-" : Html.escape(a.defaultValue())).append("</td><td>")
                    .append(Html.escape(a.description())).append("</td></tr>");
        }
        return b.append("</table></details>").toString();
    }

    private static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.escape(csrf) + "\">";
    }

    /** A row of the mounts table; fuse.js renders the same markup when it refreshes the table. */
    private static String mountRow(MountDTO m, String root, ConsoleSession session) {
        StringBuilder b = new StringBuilder("<tr data-mountpoint=\"" + Html.escape(m.mountpoint()) + "\" class=\"state-"
                + Html.escape(m.state().toLowerCase(java.util.Locale.ROOT)) + "\">");
        b.append("<td class=\"mountpoint\">").append(Html.escape(m.mountpoint())).append("</td><td class=\"driver\">")
                .append(Html.escape(m.driver())).append("</td><td class=\"state\">").append(Html.escape(m.state()))
                .append("</td><td class=\"uptime\">").append(uptime(m.mountedAt()))
                .append("</td><td class=\"options\">")
                .append(Html.escape(String.join(",", m.options()))).append("</td><td class=\"num requests\">")
                .append(m.requests()).append("</td><td class=\"num errors\">").append(m.errors())
                .append("</td><td class=\"num inflight\">").append(m.inFlight()).append("</td><td class=\"actions\">");
        if (m.mounted()) {
            b.append("<button type=\"button\" class=\"select\">Statistics</button> ");
        }
        b.append("<form method=\"post\" action=\"").append(Html.escape(root)).append("/unmount\">")
                .append(csrfField(session == null ? "" : session.csrf()))
                .append("<input type=\"hidden\" name=\"mountpoint\" value=\"").append(Html.escape(m.mountpoint()))
                .append("\"><button type=\"submit\" class=\"unmount\">Unmount</button></form></td></tr>");
        if (m.failure() != null) {
            b.append("<tr class=\"reason\"><td colspan=\"9\">reason: ").append(Html.escape(m.failure()))
                    .append("</td></tr>");
        }
        return b.toString();
    }

    /** Uptime as the shell's fuse:mounts shows it. */
    static String uptime(Instant mountedAt) {
        if (mountedAt == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(mountedAt, Instant.now()).toSeconds());
        return s < 3600 ? String.format("%dm%02ds", s / 60, s % 60) : String.format("%dh%02dm", s / 3600, s / 60 % 60);
    }

    String json(List<MountDTO> mounts) {
        StringBuilder b = new StringBuilder("{\"mounts\":[");
        StringJoiner list = new StringJoiner(",");
        for (MountDTO m : mounts) {
            StringBuilder o = new StringBuilder("{");
            o.append("\"mountpoint\":").append(Html.json(m.mountpoint()))
                    .append(",\"driver\":").append(Html.json(m.driver()))
                    .append(",\"state\":").append(Html.json(m.state()))
                    .append(",\"failure\":").append(Html.json(m.failure()))
                    .append(",\"uptime\":").append(Html.json(uptime(m.mountedAt())))
                    .append(",\"options\":").append(Html.json(String.join(",", m.options())))
                    .append(",\"requests\":").append(m.requests())
                    .append(",\"errors\":").append(m.errors())
                    .append(",\"inFlight\":").append(m.inFlight())
                    .append(",\"operations\":[");
            StringJoiner ops = new StringJoiner(",");
            for (OperationDTO op : m.operations()) {
                ops.add("{\"name\":" + Html.json(op.name()) + ",\"count\":" + op.count() + ",\"errors\":"
                        + op.errors() + ",\"p50\":" + op.p50Nanos() + ",\"p90\":" + op.p90Nanos() + ",\"p99\":"
                        + op.p99Nanos() + "}");
            }
            o.append(ops).append("],\"history\":[");
            StringJoiner points = new StringJoiner(",");
            for (History.Point p : history.points(m.mountpoint())) {
                points.add("[" + p.millis() + "," + String.format(java.util.Locale.ROOT, "%.2f", p.perSecond()) + ","
                        + p.p50Nanos() + "," + p.p99Nanos() + "]");
            }
            o.append(points).append("]}");
            list.add(o);
        }
        return b.append(list).append("]}").toString();
    }

    // ----- POST: the actions ------------------------------------------------------------------------------------

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ConsoleSession session = session(request);
        String root = pluginRoot(request);
        String action = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
        if (session == null || !csrfOk(request, session)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Refused: the form did not carry this session's "
                    + "token (it is stale, or it was sent from another site). Reload the FUSE page and try again.");
            return;
        }
        try {
            String done = switch (action) {
                case "mount" -> management.mount(request.getParameter("driver"), param(request, "mountpoint"),
                        settings(request.getParameter("settings")));
                case "unmount" -> management.unmount(param(request, "mountpoint"));
                case "invalidate" -> management.invalidate(param(request, "mountpoint"), param(request, "path"));
                default -> throw new IllegalArgumentException("unknown action " + action);
            };
            session.flash(done, false);
            LOG.log(Level.INFO, "web console: " + done);
        } catch (IllegalArgumentException | IllegalStateException e) {
            session.flash("Refused: " + e.getMessage(), true);
        } catch (IOException e) {
            session.flash("Failed: " + e, true);
        }
        response.sendRedirect(root);
    }

    private static String param(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return v.strip();
    }

    /** The settings text area: one key=value a line; blank lines and lines starting with # are skipped. */
    static Map<String, String> settings(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("setting '" + l + "' is not key=value");
            }
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return out;
    }

    private static boolean csrfOk(HttpServletRequest request, ConsoleSession session) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = request.getHeader("Host");
            if (host == null || !(origin.equals("http://" + host) || origin.equals("https://" + host))) {
                return false;
            }
        }
        String token = request.getParameter("csrf");
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    private static ConsoleSession session(HttpServletRequest request) {
        Object user = request.getAttribute(User.USER_ATTRIBUTE);
        if (user instanceof User u && u.getUserObject() instanceof ConsoleSession s) {
            return s;
        }
        return null;
    }

    private static String pluginRoot(HttpServletRequest request) {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        if (root != null) {
            return root.toString();
        }
        Object app = request.getAttribute(ServletConstants.ATTR_APP_ROOT);
        return (app != null ? app.toString() : "/system/console") + "/" + LABEL;
    }
}
