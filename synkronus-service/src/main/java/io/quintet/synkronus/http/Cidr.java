package io.quintet.synkronus.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** An address range such as {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is its own /32 or /128. */
public record Cidr(byte[] network, int prefix) {

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        try {
            byte[] address =
                    InetAddress.getByName(slash < 0 ? t : t.substring(0, slash)).getAddress();
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("invalid prefix in " + text);
            }
            return new Cidr(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid address range: " + text, e);
        }
    }

    public static List<Cidr> parseAll(List<String> texts) {
        return texts.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    public boolean contains(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        byte[] candidate;
        try {
            // literal addresses only: never a name lookup
            if (!(Character.digit(address.charAt(0), 16) >= 0
                    || address.charAt(0) == ':'
                    || address.charAt(0) == '[')) {
                return false;
            }
            candidate = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    public static boolean anyContains(List<Cidr> ranges, String address) {
        for (Cidr range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
