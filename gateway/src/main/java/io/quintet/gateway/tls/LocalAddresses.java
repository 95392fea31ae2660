package io.quintet.gateway.tls;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The machine's IPv4 addresses: what phones on the LAN dial, so what the certificate must name. */
public final class LocalAddresses {

    private LocalAddresses() {}

    /** Every IPv4 address of every interface that is up, loopback included, LAN addresses first. */
    public static List<Inet4Address> ipv4() {
        List<Inet4Address> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) continue;
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address v4 && !found.contains(v4)) found.add(v4);
                }
            }
        } catch (SocketException e) {
            // no interface list (very restricted container): fall back to loopback below
        }
        Inet4Address loopback = loopback();
        if (!found.contains(loopback)) found.add(loopback);
        found.sort(Comparator.comparingInt(LocalAddresses::rank));
        return List.copyOf(found);
    }

    /** The address to show to users: the first site-local (LAN) address, else any non-loopback one, else 127.0.0.1. */
    public static String primaryHost() {
        return ipv4().get(0).getHostAddress();
    }

    private static int rank(Inet4Address a) {
        if (a.isLoopbackAddress()) return 3;
        if (a.isSiteLocalAddress()) return 0;
        if (a.isLinkLocalAddress()) return 2;
        return 1;
    }

    private static Inet4Address loopback() {
        try {
            return (Inet4Address) InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
