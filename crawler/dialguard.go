package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrPrivateAddress: the host resolved to an address that is not on the public internet
// (loopback, private, link-local such as the cloud metadata service 169.254.169.254, CGNAT,
// multicast, reserved). Refused unless Config.AllowPrivateNetworks is set.
var ErrPrivateAddress = errors.New("crawler: address not public (private, loopback, link-local or reserved)")

// The check runs at dial time, on the address the connection is about to be made to, after DNS
// resolution: an allowed "*.suffix" whose name resolves to 10.x, or a name that resolves to a
// public address for the check and a private one for the fetch (DNS rebinding), is refused all
// the same. With a proxy (HTTP_PROXY) the dial is to the proxy, whose address is checked instead.

// nonPublic are the ranges refused besides what netip classifies (loopback, private, link-local,
// multicast, unspecified).
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),  // documentation
	netip.MustParsePrefix("fec0::/10"),      // old site-local
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("2002:a00::/24"),  // 6to4 of 10/8
	netip.MustParsePrefix("2002:7f00::/24"), // 6to4 of 127/8
	netip.MustParsePrefix("2002:a9fe::/32"), // 6to4 of 169.254/16
	netip.MustParsePrefix("2002:ac10::/28"), // 6to4 of 172.16/12
	netip.MustParsePrefix("2002:c0a8::/32"), // 6to4 of 192.168/16
	netip.MustParsePrefix("::ffff:0:0/96"),  // IPv4-mapped: unmapped first, so only odd forms land here
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64 of any IPv4: checked by its IPv4 below
	netip.MustParsePrefix("2001::/32"),      // Teredo (tunnels to anywhere)
	netip.MustParsePrefix("ff00::/8"),       // multicast
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("255.255.255.255/32"),
}

// publicAddr reports whether a is an address on the public internet.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	if a.Is6() && netip.MustParsePrefix("64:ff9b::/96").Contains(a) {
		// NAT64: the IPv4 address it stands for decides.
		b := a.As16()
		return publicAddr(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// dialControl is a net.Dialer Control function refusing non-public addresses.
func dialControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
	}
	a, err := netip.ParseAddr(host)
	if err != nil || !publicAddr(a) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, address)
	}
	return nil
}
