package dev.streamsim.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The eleven workloads of the issue 6 contract, by name. */
public final class Workloads {
    private static final Map<String, Workload> BY_NAME = new LinkedHashMap<>();

    static {
        final List<Workload> all = new ArrayList<>(CoreWorkloads.all());
        all.addAll(UtopiaWorkloads.all());
        all.add(BookstoreWorkload.workload());
        for (final Workload w : all) {
            BY_NAME.put(w.name(), w);
        }
    }

    private Workloads() {
    }

    /** The workload, or null when the name is unknown. */
    public static Workload byName(final String name) {
        return BY_NAME.get(name);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
