package fetch

import (
	"net/netip"
	"testing"
)

func TestGuardAllowed(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		addr       string
		public     bool // allowed by the default guard
		loopbackOK bool // allowed with AllowNets = loopback
	}{
		{"8.8.8.8", true, true},
		{"93.184.216.34", true, true},
		{"2001:4860:4860::8888", true, true},
		{"127.0.0.1", false, true},
		{"127.8.9.10", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"10.1.2.3", false, false},
		{"::ffff:10.1.2.3", false, false},
		{"172.16.0.1", false, false},
		{"192.168.1.1", false, false},
		{"100.64.0.1", false, false},
		{"100.127.255.254", false, false},
		{"169.254.169.254", false, false},
		{"0.0.0.0", false, false},
		{"0.1.2.3", false, false},
		{"224.0.0.1", false, false},
		{"239.255.255.250", false, false},
		{"255.255.255.255", false, false},
		{"::", false, false},
		{"fe80::1", false, false},
		{"fe80::1%eth0", false, false},
		{"ff01::1", false, false},
		{"ff02::1", false, false},
		{"ff0e::1", false, false},
		{"fc00::1", false, false},
		{"fd12:3456::1", false, false},
		{"64:ff9b::a01:203", false, false}, // NAT64 of 10.1.2.3
		{"64:ff9b::808:808", true, true},   // NAT64 of 8.8.8.8
		{"64:ff9b::7f00:1", false, true},   // NAT64 of 127.0.0.1
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.addr)
		if got := (guard{}).allowed(ip); got != tt.public {
			t.Errorf("default guard allowed(%s) = %v, want %v", tt.addr, got, tt.public)
		}
		if got := (guard{allow: loopback}).allowed(ip); got != tt.loopbackOK {
			t.Errorf("loopback guard allowed(%s) = %v, want %v", tt.addr, got, tt.loopbackOK)
		}
		if !(guard{allowAll: true}).allowed(ip) {
			t.Errorf("allow-all guard refused %s", tt.addr)
		}
	}
}

func TestGuardControl(t *testing.T) {
	g := guard{}
	for _, addr := range []string{"127.0.0.1:80", "[::1]:443", "[fe80::1%eth0]:80", "nonsense"} {
		if err := g.control("tcp", addr, nil); err == nil {
			t.Errorf("control(%s) = nil, want a BlockedError", addr)
		}
	}
	if err := g.control("tcp4", "8.8.8.8:443", nil); err != nil {
		t.Errorf("control(8.8.8.8:443) = %v", err)
	}
}
