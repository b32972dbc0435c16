package dev.heritage.iiif;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a URL may be fetched: {@code http} or {@code https} only, and a host whose every
 * resolved address is public unless private networks are allowed. Refused: loopback, private
 * (10/8, 172.16/12, 192.168/16, IPv6 unique-local fc00::/7), link-local (169.254/16, fe80::/10),
 * shared (100.64/10), unspecified (0.0.0.0/8, ::), multicast and broadcast addresses. The check is
 * made on the resolved addresses before each request and redirect; the HTTP client resolves the
 * name again when it connects, so a name whose answer changes in between is not caught. Stateless
 * and thread-safe.
 */
final class AddressGuard {
    private final boolean allowPrivateNetwork;

    AddressGuard(boolean allowPrivateNetwork) {
        this.allowPrivateNetwork = allowPrivateNetwork;
    }

    /** @throws FetchException if the URL must not be fetched, saying why and what to do */
    void check(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(
                    FetchException.Reason.NOT_HTTP,
                    0,
                    uri + ": only http and https URLs are fetched; give an http(s) URL",
                    null);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(FetchException.Reason.NOT_HTTP, 0, uri + ": the URL has no host", null);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchException(
                    FetchException.Reason.NETWORK,
                    0,
                    uri + ": cannot resolve the host " + host + "; check the URL and the network",
                    e);
        }
        if (allowPrivateNetwork) {
            return;
        }
        for (InetAddress a : addresses) {
            String kind = nonPublicKind(a);
            if (kind != null) {
                throw new FetchException(
                        FetchException.Reason.REFUSED_ADDRESS,
                        0,
                        uri + ": " + host + " resolves to " + a.getHostAddress() + ", a " + kind + " address;"
                                + " Heritage fetches only from public addresses unless told otherwise: if you trust"
                                + " this manifest and its servers, pass --allow-private-network (library:"
                                + " IiifFetchOptions.builder().optAllowPrivateNetwork(true))",
                        null);
            }
        }
    }

    /** @return what kind of non-public address this is, or null for a public one */
    static String nonPublicKind(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "shared (carrier-grade NAT)";
            }
            if (first == 255 && second == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255) {
                return "broadcast";
            }
        } else if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "private (unique-local)";
        }
        return null;
    }
}
