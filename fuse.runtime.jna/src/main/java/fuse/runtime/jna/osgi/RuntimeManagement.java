package fuse.runtime.jna.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import fuse.api.Fuse;
import fuse.runtime.jna.FuseSession;
import fuse.runtime.jna.Op;
import fuse.runtime.jna.OperationStats;
import fuse.runtime.jna.StaleMounts;
import fuse.runtime.management.DriverDTO;
import fuse.runtime.management.DriverSettingsDTO;
import fuse.runtime.management.FuseManagement;
import fuse.runtime.management.MountDTO;
import fuse.runtime.management.OperationDTO;
import fuse.runtime.management.SettingDTO;

/**
 * The runtime's {@link FuseManagement} service: status from the {@link MountManager}, drivers from the bundles'
 * capabilities and their metatype, and mount changes as Configuration Admin factory configurations.
 */
@Component(service = FuseManagement.class)
public final class RuntimeManagement implements FuseManagement {
    private final BundleContext context;
    private final MountManager manager;
    private final ConfigurationAdmin configAdmin;
    /** Reads drivers' metatype; optional: without a metatype service {@link #settings} says so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetaTypeService metatype;

    /** Creates the service over the runtime's mount manager and Configuration Admin. */
    @Activate
    public RuntimeManagement(BundleContext context, @Reference MountManager manager,
            @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.manager = manager;
        this.configAdmin = configAdmin;
    }

    @Override
    public List<MountDTO> mounts() {
        List<MountDTO> out = new ArrayList<>();
        for (MountStatus m : manager.mounts()) {
            Optional<FuseSession> session = m.state() == FuseSession.State.FAILED ? Optional.empty()
                    : manager.session(Path.of(m.mountpoint()));
            List<OperationDTO> ops = new ArrayList<>();
            long[] buckets = new long[0];
            if (session.isPresent()) {
                OperationStats st = session.get().stats();
                for (Op op : Op.values()) {
                    long n = st.count(op);
                    if (n > 0) {
                        ops.add(new OperationDTO(op.label(), n, st.errors(op), st.percentileNanos(op, 50),
                                st.percentileNanos(op, 90), st.percentileNanos(op, 99)));
                    }
                }
                buckets = st.latencyBuckets();
            }
            out.add(new MountDTO(m.mountpoint(), m.driver(), m.serviceId(), m.state().name(), m.failure(),
                    m.mountedAt(), m.options(), m.requests(), m.errors(), m.inFlight(), m.readers(), List.copyOf(ops),
                    buckets));
        }
        return out;
    }

    @Override
    public List<DriverDTO> drivers() {
        return DriverInfo.scan(context).stream().map(d -> new DriverDTO(d.name(), d.pid(), d.bundleId(),
                d.symbolicName(), d.version(), d.state())).toList();
    }

    @Override
    public DriverSettingsDTO settings(String driver) {
        DriverInfo d = driver(driver);
        MetaTypeService service = metatype;
        if (service == null) {
            throw new IllegalStateException("no metatype service is running (install org.apache.felix.metatype)");
        }
        Bundle bundle = context.getBundle(d.bundleId());
        MetaTypeInformation info = bundle == null ? null : service.getMetaTypeInformation(bundle);
        ObjectClassDefinition ocd = info == null ? null : info.getObjectClassDefinition(d.pid(), null);
        if (ocd == null) {
            throw new IllegalArgumentException("driver " + driver + " describes no settings (no metatype designated "
                    + "to " + d.pid() + ")");
        }
        List<SettingDTO> settings = new ArrayList<>();
        for (AttributeDefinition a : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            String[] def = a.getDefaultValue();
            settings.add(new SettingDTO(a.getID(), typeName(a), def == null ? null : String.join(",", def),
                    a.getDescription()));
        }
        return new DriverSettingsDTO(d.name(), ocd.getName(), ocd.getDescription(), List.copyOf(settings));
    }

    private static String typeName(AttributeDefinition a) {
        String type = switch (a.getType()) {
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT,
                    AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "number";
            default -> "string";
        };
        return a.getCardinality() != 0 ? type + "[]" : type;
    }

    @Override
    public String mount(String driver, String mountpoint, Map<String, String> settings) throws IOException {
        DriverInfo d = driver(driver);
        Path mp = checkMountpoint(mountpoint);
        if (findConfiguration(mp.toString()) != null) {
            throw new IllegalArgumentException(mp + " is busy: a mount is already configured there");
        }
        Hashtable<String, Object> props = new Hashtable<>();
        settings.forEach((k, v) -> {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("setting '" + k + "=" + v + "' has no key");
            }
            props.put(k.trim(), v == null ? "" : v.trim());
        });
        props.put(Fuse.MOUNTPOINT, mp.toString());
        String alias = mp.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        Configuration c = configAdmin.getFactoryConfiguration(d.pid(), alias.isEmpty() ? "root" : alias, "?");
        c.update(props);
        return "configured " + driver + " on " + mp + " (" + c.getPid() + ")";
    }

    @Override
    public String unmount(String mountpoint) throws IOException {
        if (!Path.of(mountpoint).isAbsolute()) {
            throw new IllegalArgumentException("mountpoint must be an absolute path, got '" + mountpoint + "'");
        }
        Path mp = Path.of(mountpoint).normalize();
        Configuration c = findConfiguration(mp.toString());
        if (c == null) {
            throw new IllegalArgumentException("no mount is configured on " + mp);
        }
        c.delete();
        return "unmounted " + mp;
    }

    @Override
    public String invalidate(String mountpoint, String path) throws IOException {
        Path mp = Path.of(mountpoint);
        if (manager.session(mp).isEmpty()) {
            throw new IllegalArgumentException("nothing is mounted on " + mountpoint);
        }
        Path p = Path.of(path).isAbsolute() ? Path.of(path) : mp.resolve(path);
        if (!p.normalize().startsWith(mp.normalize())) {
            throw new IllegalArgumentException(p + " is not inside " + mp);
        }
        manager.invalidate(p);
        return "invalidated " + p;
    }

    /** The installed driver named {@code name}, or a message listing the installed ones. */
    private DriverInfo driver(String name) {
        List<DriverInfo> drivers = DriverInfo.scan(context);
        return drivers.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown driver '" + name + "' (installed: "
                        + String.join(", ", drivers.stream().map(DriverInfo::name).toList()) + ")"));
    }

    /** A mount point from a user: absolute, an existing directory, nothing mounted on it. */
    private static Path checkMountpoint(String mountpoint) {
        Path mp = Path.of(mountpoint);
        if (!mp.isAbsolute()) {
            throw new IllegalArgumentException("mountpoint must be an absolute path, got '" + mountpoint + "'");
        }
        mp = mp.normalize();
        // A mount whose server died (a killed host, a crashed FUSE program) fails every stat with ENOTCONN, which
        // would read as "does not exist" below: clear it first, as a session does before it mounts.
        StaleMounts.clearIfStale(mp);
        if (!Files.isDirectory(mp)) {
            throw new IllegalArgumentException("mountpoint " + mp + (Files.exists(mp) ? " is not a directory"
                    : " does not exist"));
        }
        if (StaleMounts.isFuseMount(mp)) {
            throw new IllegalArgumentException("mountpoint " + mp + " is busy: something is mounted there");
        }
        return mp;
    }

    private Configuration findConfiguration(String mountpoint) throws IOException {
        try {
            Configuration[] all = configAdmin.listConfigurations("(" + Fuse.MOUNTPOINT + "=" + mountpoint
                    .replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*") + ")");
            return all == null || all.length == 0 ? null : all[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("mountpoint " + mountpoint + " cannot be searched for: " + e);
        }
    }
}
