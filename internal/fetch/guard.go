package fetch

import (
	"net"
	"net/netip"
	"syscall"
)

// extraBlocked lists ranges that are not public but that netip's predicates
// do not name.
var extraBlocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT shared space
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, and the broadcast address
	netip.MustParsePrefix("fec0::/10"),     // deprecated site-local
}

// nat64 is the well-known NAT64 prefix: its addresses reach the IPv4
// address in their last 32 bits, so that address is what gets checked.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// guard decides which addresses the Client may connect to.
type guard struct {
	allowAll bool
	allow    []netip.Prefix
}

// allowed reports whether a connection to ip may be made.
func (g guard) allowed(ip netip.Addr) bool {
	ip = ip.Unmap().WithZone("")
	if g.allowAll {
		return true
	}
	for _, p := range g.allow {
		if p.Contains(ip) {
			return true
		}
	}
	if nat64.Contains(ip) {
		b := ip.As16()
		return g.allowed(netip.AddrFrom4([4]byte(b[12:])))
	}
	return public(ip)
}

// public reports whether ip is outside every local, private and special range.
func public(ip netip.Addr) bool {
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return false
	}
	for _, p := range extraBlocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// control is the net.Dialer Control hook. It runs after name resolution, on
// the address about to be connected, so a DNS answer that changes between a
// check and the dial (rebinding) or a redirect to a private host cannot slip
// past it.
func (g guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Addr: address}
	}
	if !g.allowed(ap.Addr()) {
		return &BlockedError{Addr: address}
	}
	return nil
}

// literal checks a URL host that is an IP literal before any dial, so such a
// request fails the same way whether or not a connection would be attempted.
// It returns the refused address, or "" when host is a name or is allowed.
func (g guard) literal(host, port string) string {
	ip, err := netip.ParseAddr(host)
	if err != nil || g.allowed(ip) {
		return ""
	}
	return net.JoinHostPort(host, port)
}
