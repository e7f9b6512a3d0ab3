package crawler

import (
	"net/netip"
	"testing"
)

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8":                     true,
		"202.96.128.86":               true,
		"2400:3200::1":                true,
		"127.0.0.1":                   false,
		"10.1.2.3":                    false,
		"172.16.5.4":                  false,
		"192.168.0.1":                 false,
		"169.254.169.254":             false, // cloud metadata
		"100.64.0.1":                  false, // CGNAT
		"0.0.0.0":                     false,
		"224.0.0.1":                   false,
		"255.255.255.255":             false,
		"::1":                         false,
		"fe80::1":                     false,
		"fd00::1":                     false,
		"::ffff:127.0.0.1":            false, // IPv4-mapped loopback
		"::ffff:8.8.8.8":              true,
		"64:ff9b::a9fe:a9fe":          false, // NAT64 of 169.254.169.254
		"64:ff9b::808:808":            true,  // NAT64 of 8.8.8.8
		"2002:7f00:1::1":              false, // 6to4 of 127.0.0.1
		"2001:db8::1":                 false,
		"2001:0:4136:e378:8000::1":    false, // Teredo
		"fec0::1":                     false,
		"ff02::1":                     false,
		"198.18.0.1":                  false,
		"240.0.0.1":                   false,
		"192.0.0.8":                   false,
		"2408:8000:1010:1::6":         true,
		"::ffff:169.254.169.254":      false,
		"::":                          false,
		"2001:4860:4860::8888":        true,
		"100.63.255.255":              true,
		"100.128.0.0":                 true,
		"172.32.0.1":                  true,
		"11.0.0.1":                    true,
		"2002:808:808::1":             true, // 6to4 of a public address
		"64:ff9b:1::1":                false,
		"0.1.2.3":                     false,
		"fc00::1":                     false,
		"fe80::abcd%eth0":             false,
		"169.254.0.1":                 false,
		"::ffff:10.0.0.1":             false,
		"2002:c0a8:101::1":            false, // 6to4 of 192.168.1.1
		"2002:ac10:101::1":            false, // 6to4 of 172.16.1.1
		"2002:a00:1::1":               false, // 6to4 of 10.0.0.1
		"2002:a9fe:a9fe::1":           false, // 6to4 of 169.254.169.254
		"100::1":                      false,
		"64:ff9b::7f00:1":             false, // NAT64 of 127.0.0.1
		"64:ff9b::c0a8:101":           false, // NAT64 of 192.168.1.1
		"64:ff9b::ac10:101":           false,
		"64:ff9b::a00:1":              false,
		"64:ff9b::6440:1":             false, // NAT64 of 100.64.0.1
		"2400:cb00:2048:1::6814:d5d8": true,
	} {
		a, err := netip.ParseAddr(addr)
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if got := publicAddr(a); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}
