package io.omnihub.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import io.omnihub.platform.ProblemException;

/**
 * Keeps outbound callbacks from reaching inside the network (server-side request forgery): only http(s), and
 * never a loopback, private, link-local, unique-local, carrier-grade NAT, multicast or unspecified address, checked
 * on every address the host name resolves to. Checked when a URL is configured and again on every send, since DNS
 * may change in between.
 */
final class CallbackUrls {

    private CallbackUrls() {
    }

    /**
     * @throws ProblemException 400 when the URL is malformed or points at a refused address; resolves the host, so
     *         call it off the event loop
     */
    /** A checked callback: the URL, and the address to connect to (so DNS cannot change it in between). */
    public record Target(URI uri, InetAddress address) {
    }

    /** Checks the URL and answers the address a push must connect to; resolves the host, so call it off the loop. */
    public static Target target(String url, boolean allowPrivate) {
        URI uri = check(url, allowPrivate);
        try {
            return new Target(uri, InetAddress.getAllByName(uri.getHost())[0]);
        } catch (UnknownHostException e) {
            throw ProblemException.invalidField("callbackUrl", "names a host that does not resolve");
        }
    }

    public static URI check(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField("callbackUrl", "is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw ProblemException.invalidField("callbackUrl", "must be an http or https URL with a host");
        }
        if (allowPrivate) {
            return uri;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (refused(address)) {
                    throw ProblemException.invalidField("callbackUrl",
                            "must not point at a loopback, private or link-local address");
                }
            }
        } catch (UnknownHostException e) {
            throw ProblemException.invalidField("callbackUrl", "names a host that does not resolve");
        }
        return uri;
    }

    static boolean refused(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc // fc00::/7 unique local
                    || isMappedV4Refused(b);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // 0.0.0.0/8
                || (first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10 carrier-grade NAT
                || (first == 198 && (second == 18 || second == 19)); // 198.18.0.0/15 benchmarking
    }

    private static boolean isMappedV4Refused(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        if ((b[10] & 0xff) != 0xff || (b[11] & 0xff) != 0xff) {
            return false;
        }
        try {
            return refused(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
