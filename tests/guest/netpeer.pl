#!/usr/bin/perl
# tests/guest/netpeer.pl - the host's side of the networking guest tests
# (net.sh), in Perl's core modules only (perl-base).
#
#   netpeer.pl serve DIR        HTTP server and UDP echo on 127.0.0.1 (the
#                               guest reaches them as 10.0.2.2), ports in
#                               DIR/http.port, DIR/udp.port; a server that
#                               resets each connection after reading a
#                               line from it (DIR/reset.port);
#                               the HTTP server on ::1 too (DIR/http6.port,
#                               "none" without IPv6); a port nobody listens
#                               on in DIR/closed.port; runs until killed
#   netpeer.pl tapserve ADDR DIR
#                               TCP echo (any number of connections at
#                               once) and UDP echo on ADDR (net_mq.sh: the
#                               host end of a tap), ports in DIR/tcp.port
#                               and DIR/udp.port, the TCP echo on every
#                               IPv6 address too (DIR/tcp6.port); runs
#                               until killed. A
#                               datagram "inject PORT" is not echoed: the
#                               sender's PORT gets "BAD" (a wrong UDP
#                               checksum) and "RAWOK" (a right one) through
#                               a raw socket, which leaves the checksum
#                               unvouched for, then "GOOD" from the UDP
#                               socket
#   netpeer.pl csumcheck IFNAME FILE
#                               watch the TCP frames a guest sends on tap
#                               IFNAME (a packet socket with the virtio-net
#                               header): finish each partial checksum as a
#                               device would (NEEDS_CSUM, csum_start,
#                               csum_offset) and check the result against
#                               the IPv4/IPv6 pseudo-header; on SIGTERM
#                               write "tcp N partial P bad B" to FILE
#   netpeer.pl freeport         print a TCP port free on 127.0.0.1
#   netpeer.pl echo PORT BYTES SECONDS
#                               connect to 127.0.0.1:PORT (a hostfwd into
#                               the guest), send BYTES, expect them back
#                               byte-exact; retry until the guest listens
#   netpeer.pl conns PORT N SECONDS
#                               open N connections to 127.0.0.1:PORT (a
#                               "hello K"/"echo K" on each), greet all N
#                               again, and only then close them all
#   netpeer.pl drain PORT BYTES SECONDS [PAUSE]
#                               connect to 127.0.0.1:PORT and read to the
#                               end of the stream: BYTES of the pattern
#                               expected, then EOF (its time, in seconds
#                               since the epoch, is printed); retry while
#                               the guest does not listen (an empty
#                               stream); with
#                               PAUSE, a small receive buffer and PAUSE
#                               seconds without reading once data comes
#   netpeer.pl hold PORT SECONDS
#                               connect to 127.0.0.1:PORT, with a small
#                               receive buffer, and once data comes read
#                               nothing more: the guest's sends stall
#   netpeer.pl push PORT CONNS BYTES SECONDS
#                               open CONNS connections to 127.0.0.1:PORT
#                               at once and, once the guest has sent "r"
#                               on it, send BYTES of the pattern on each,
#                               then close; start a connection over while
#                               the guest does not listen yet
#
# The byte pattern matches tests/guest/net_slirp.c's and net_exit.c's.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Socket::IP;
use Socket qw(SOL_SOCKET SO_LINGER SO_RCVBUF MSG_PEEK PF_INET SOCK_RAW sockaddr_in pack_sockaddr_in);
use IO::Select;
use Time::HiRes qw(time sleep);

$SIG{PIPE} = 'IGNORE'; # a guest not listening yet resets the connection

sub pattern {
	my ($len) = @_;
	return pack('C*', map { ($_ * 7 + int($_ / 251) + 13) & 0xff } 0 .. $len - 1);
}

sub write_file {
	my ($path, $text) = @_;
	open(my $f, '>', "$path.tmp") or die "$path: $!";
	print $f $text;
	close($f);
	rename("$path.tmp", $path) or die "$path: $!";
}

sub freeport {
	my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
				      Proto => 'tcp', Listen => 1) or die "bind: $!";
	my $port = $s->sockport;
	close($s);
	return $port;
}

sub serve {
	my ($dir) = @_;
	my $http = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
					 Proto => 'tcp', Listen => 16, ReuseAddr => 1)
	    or die "http: $!";
	my $udp = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
					Proto => 'udp') or die "udp: $!";
	my $reset = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
					  Proto => 'tcp', Listen => 16, ReuseAddr => 1)
	    or die "reset: $!";
	my $http6 = IO::Socket::IP->new(LocalHost => '::1', LocalPort => 0,
					Proto => 'tcp', Listen => 16, ReuseAddr => 1);
	my $body = pattern(300000);
	write_file("$dir/closed.port", freeport() . "\n");
	write_file("$dir/udp.port", $udp->sockport . "\n");
	write_file("$dir/reset.port", $reset->sockport . "\n");
	write_file("$dir/http6.port", ($http6 ? $http6->sockport : 'none') . "\n");
	write_file("$dir/http.port", $http->sockport . "\n");
	my $sel = IO::Select->new($http, $udp, $reset, $http6 ? ($http6) : ());
	for (;;) {
		for my $s ($sel->can_read) {
			if ($s == $udp) {
				my $peer = $udp->recv(my $d, 65536);
				$udp->send($d, 0, $peer) if defined $peer;
				next;
			}
			my $c = $s->accept or next;
			if ($s == $reset) {
				# After the guest's line (so its connect is done),
				# linger 0: close sends a reset instead of a FIN.
				sysread($c, my $line, 64);
				setsockopt($c, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0));
				close($c);
				next;
			}
			my $req = '';
			while ($req !~ /\r\n\r\n/) {
				my $n = sysread($c, $req, 4096, length $req);
				last unless $n;
			}
			my $out = "HTTP/1.0 200 OK\r\nContent-Length: " . length($body) .
			    "\r\nContent-Type: application/octet-stream\r\n\r\n" . $body;
			while (length $out) {
				my $n = syswrite($c, $out);
				last unless $n;
				substr($out, 0, $n) = '';
			}
			close($c);
		}
	}
}

sub inet_csum {
	my ($d) = @_;
	my $s = 0;
	$d .= "\0" if length($d) % 2;
	$s += $_ for unpack('n*', $d);
	$s = ($s & 0xffff) + ($s >> 16) while $s >> 16;
	return ~$s & 0xffff;
}

# A UDP datagram through a raw socket (IPPROTO_RAW: our IP header), its
# checksum right or deliberately wrong.
sub raw_udp {
	my ($src, $dst, $sport, $dport, $payload, $right) = @_;
	my $ulen = 8 + length $payload;
	my $udp = pack('nnnn', $sport, $dport, $ulen, 0) . $payload;
	my $c = inet_csum($src . $dst . pack('CCn', 0, 17, $ulen) . $udp) || 0xffff;
	$c ^= 0x5555 unless $right;
	substr($udp, 6, 2) = pack('n', $c);
	my $ip = pack('CCnnnCCna4a4', 0x45, 0, 20 + $ulen, 0, 0x4000, 64, 17, 0,
		      $src, $dst);
	socket(my $r, PF_INET, SOCK_RAW, 255) or die "raw socket: $!";
	send($r, $ip . $udp, 0, pack_sockaddr_in(0, $dst)) or die "raw send: $!";
	close($r);
}

# The TCP segment of an Ethernet frame with its pseudo-header, or undef.
sub tcp_pseudo {
	my ($f) = @_;
	my $type = unpack('n', substr($f, 12, 2));
	if ($type == 0x0800 && (ord(substr($f, 14, 1)) >> 4) == 4) {
		my $ihl = (ord(substr($f, 14, 1)) & 15) * 4;
		return undef if ord(substr($f, 23, 1)) != 6;
		my $len = unpack('n', substr($f, 16, 2)) - $ihl;
		return substr($f, 26, 8) . pack('CCn', 0, 6, $len) .
		    substr($f, 14 + $ihl, $len);
	}
	if ($type == 0x86dd && ord(substr($f, 20, 1)) == 6) {
		my $len = unpack('n', substr($f, 18, 2));
		return substr($f, 22, 32) . pack('NN', $len, 6) . substr($f, 54, $len);
	}
	return undef;
}

sub csumcheck {
	my ($ifname, $file) = @_;
	my ($tcp, $partial, $bad) = (0, 0, 0);
	open(my $ix, '<', "/sys/class/net/$ifname/ifindex") or die "$ifname: $!";
	my $ifindex = <$ix> + 0;
	# AF_PACKET, SOCK_RAW, ETH_P_ALL; PACKET_VNET_HDR (SOL_PACKET 263, 15).
	socket(my $s, 17, 3, 0x0300) or die "packet socket: $!";
	setsockopt($s, 263, 15, pack('i', 1)) or die "PACKET_VNET_HDR: $!";
	bind($s, pack('SniSCCa8', 17, 3, $ifindex, 0, 0, 0, '')) or die "bind: $!";
	$SIG{TERM} = sub {
		write_file($file, "tcp $tcp partial $partial bad $bad\n");
		exit 0;
	};
	for (;;) {
		my $from = recv($s, my $buf, 70000, 0) or next;
		next if unpack('C', substr($from, 10, 1)) == 4; # PACKET_OUTGOING: to the guest
		my ($flags, $gso, $hl, $gs, $start, $off) = unpack('CCSSSS', $buf);
		my $f = substr($buf, 10);
		next unless defined tcp_pseudo($f);
		$tcp++;
		if ($flags & 1) { # NEEDS_CSUM: what the device does
			$partial++;
			substr($f, $start + $off, 2) =
			    pack('n', inet_csum(substr($f, $start)));
		}
		$bad++ if inet_csum(tcp_pseudo($f)) != 0;
	}
}

sub tapserve {
	my ($addr, $dir) = @_;
	my $tcp = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => 0,
					Proto => 'tcp', Listen => 64, ReuseAddr => 1)
	    or die "tcp: $!";
	my $udp = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => 0,
					Proto => 'udp') or die "udp: $!";
	# The same echo over IPv6, on every address.
	my $tcp6 = IO::Socket::IP->new(LocalHost => '::', LocalPort => 0, V6Only => 1,
				       Proto => 'tcp', Listen => 64, ReuseAddr => 1)
	    or die "tcp6: $!";
	write_file("$dir/udp.port", $udp->sockport . "\n");
	write_file("$dir/tcp6.port", $tcp6->sockport . "\n");
	write_file("$dir/tcp.port", $tcp->sockport . "\n");
	my $sel = IO::Select->new($tcp, $tcp6, $udp);
	my %out; # connection => bytes read and not yet echoed
	for (;;) {
		my ($r, $wr) = IO::Select->select($sel, IO::Select->new(
		    map { $out{$_}[1] } grep { length $out{$_}[0] } keys %out), undef);
		for my $s (@$r) {
			if ($s == $udp) {
				my $peer = $udp->recv(my $d, 65536);
				next unless defined $peer;
				if ($d =~ /^inject (\d+)$/) {
					my $to = $1;
					my ($pport, $paddr) = sockaddr_in($peer);
					my $me = $udp->sockaddr;
					raw_udp($me, $paddr, $udp->sockport, $to, 'BAD', 0);
					raw_udp($me, $paddr, $udp->sockport, $to, 'RAWOK', 1);
					$udp->send('GOOD', 0, pack_sockaddr_in($to, $paddr));
					next;
				}
				$udp->send($d, 0, $peer);
			} elsif ($s == $tcp || $s == $tcp6) {
				my $c = $s->accept or next;
				$c->blocking(0);
				$sel->add($c);
				$out{"$c"} = ['', $c];
			} else {
				my $n = sysread($s, my $d, 65536);
				if (!$n) {
					$sel->remove($s);
					delete $out{"$s"};
					close($s);
					next;
				}
				$out{"$s"}[0] .= $d;
			}
		}
		for my $s (@$wr) {
			my $o = $out{"$s"} or next;
			my $n = syswrite($s, $o->[0]);
			substr($o->[0], 0, $n) = '' if $n;
		}
	}
}

# One attempt: 1 = all echoed back byte-exact, 0 = the guest was not there
# (connection closed early), dies on a mismatch.
sub echo_once {
	my ($port, $data) = @_;
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
				      Proto => 'tcp') or return 0;
	$s->blocking(0);
	my ($sent, $got, $in) = (0, 0, '');
	my $sel = IO::Select->new($s);
	my $quiet_since = time;
	while ($got < length $data) {
		my @w = $sent < length $data ? ($sel->can_write(0)) : ();
		if (@w) {
			my $n = syswrite($s, $data, 65536, $sent);
			$sent += $n if $n;
		}
		if ($sel->can_read(0.05)) {
			my $n = sysread($s, $in, 65536, length $in);
			return 0 if defined $n && $n == 0;
			if ($n) {
				$got += $n;
				$quiet_since = time;
			}
		}
		return 0 if time - $quiet_since > 20;
	}
	close($s);
	die "echo: the data came back changed\n" if $in ne $data;
	return 1;
}

sub echo {
	my ($port, $bytes, $seconds) = @_;
	my $data = pattern($bytes);
	my $end = time + $seconds;
	while (time < $end) {
		if (echo_once($port, $data)) {
			print "echo: ok $bytes bytes\n";
			return 0;
		}
		sleep(0.5);
	}
	print "echo: no echo server answered on port $port within $seconds s\n";
	return 1;
}

# One hello/echo exchange on a connection; dies on a wrong answer.
sub hello {
	my ($s, $k) = @_;
	my $r = '';
	syswrite($s, "hello $k\n") or return 0;
	while ($r !~ /\n/) {
		sysread($s, $r, 64, length $r) or return 0;
	}
	die "conns: answer '$r' to hello $k\n" if $r ne "echo $k\n";
	return 1;
}

# Hold N connections at once; 0 = all answered twice. Each new connection
# is greeted before the next is opened: QEMU's user networking listens
# with a backlog of 1, and a burst of connects would wait on the host's
# SYN retransmissions.
sub conns {
	my ($port, $n, $seconds) = @_;
	my @c;
	local $SIG{ALRM} = sub { die "conns: timed out with " . scalar(@c) . " open\n" };
	alarm($seconds);
	while (@c < $n) {
		my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
					      Proto => 'tcp');
		if ($s && hello($s, scalar @c)) {
			push @c, $s;
		} elsif (@c) {
			die "conns: connection " . scalar(@c) . " failed\n";
		} else {
			sleep(0.5); # the guest is not listening yet
		}
	}
	hello($c[$_], $_) or die "conns: connection $_ is gone\n" for 0 .. $n - 1;
	close($_) for @c;
	alarm(0);
	print "conns: ok $n connections held and answered\n";
	return 0;
}

# A connection to 127.0.0.1:PORT with a small receive buffer, once data
# has come on it (peeked, not read); undef when none came (the guest does
# not listen yet: its end was closed).
sub slow_reader {
	my ($port) = @_;
	my $s = IO::Socket::IP->new(PeerAddr => '127.0.0.1', PeerPort => $port,
				    Proto => 'tcp',
				    Sockopts => [[SOL_SOCKET, SO_RCVBUF, 4096]])
		or return undef;
	my $peek = '';
	return $s if IO::Select->new($s)->can_read(2) &&
		defined recv($s, $peek, 1, MSG_PEEK) && length $peek;
	close($s);
	return undef;
}

# Read one connection to its end; the bytes, or undef when it broke.
sub drain_once {
	my ($port, $seconds, $pause) = @_;
	my $s = $pause ? slow_reader($port) :
		IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
				      Proto => 'tcp');
	return '' unless $s;
	# With a pause, read nothing for a while once data flows, so that
	# the guest's window closes.
	sleep($pause) if $pause;
	my $sel = IO::Select->new($s);
	my $in = '';
	my $quiet_since = time;
	for (;;) {
		if ($sel->can_read(0.1)) {
			my $n = sysread($s, $in, 65536, length $in);
			return undef if !defined $n;
			last if $n == 0;
			$quiet_since = time;
		}
		return undef if time - $quiet_since > $seconds;
	}
	close($s);
	return $in;
}

sub drain {
	my ($port, $bytes, $seconds, $pause) = @_;
	my $end = time + $seconds;
	while (time < $end) {
		my $in = drain_once($port, $seconds, $pause);
		if (!defined $in) {
			print "drain: the connection broke or went quiet\n";
			return 1;
		}
		if (length $in) {
			if ($in ne pattern($bytes)) {
				printf("drain: %d bytes then EOF, %d expected%s\n",
				       length $in, $bytes,
				       length $in == $bytes ? ' (changed)' : '');
				return 1;
			}
			printf("drain: ok %d bytes, then EOF at %.3f\n", $bytes, time);
			return 0;
		}
		sleep(0.3); # the guest does not listen yet
	}
	print "drain: nothing came on port $port within $seconds s\n";
	return 1;
}

sub hold {
	my ($port, $seconds) = @_;
	my $end = time + $seconds;
	while (time < $end) {
		if (my $s = slow_reader($port)) {
			# Data flows: read no more, the socket kept open.
			sleep(0.1) while time < $end;
			print "hold: held\n";
			return 0;
		}
		sleep(0.3);
	}
	print "hold: no data came on port $port within $seconds s\n";
	return 1;
}

# One connection's BYTES, sent whole once the guest said "r" on it: 0,
# or 1 when the guest was not listening (no "r", the connection closed).
sub push_once {
	my ($port, $bytes) = @_;
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
				      Proto => 'tcp') or return 1;
	my $r = '';
	return 1 unless IO::Select->new($s)->can_read(5) &&
		sysread($s, $r, 1) && $r eq 'r';
	my $data = pattern($bytes);
	my $off = 0;
	while ($off < $bytes) {
		my $n = syswrite($s, $data, $bytes - $off, $off);
		return 1 if !defined $n;
		$off += $n;
	}
	close($s);
	return 0;
}

sub push_conns {
	my ($port, $conns, $bytes, $seconds) = @_;
	my @kids;
	for my $k (1 .. $conns) {
		my $pid = fork() // die "fork: $!";
		if (!$pid) {
			my $end = time + $seconds;
			while (time < $end) {
				exit(0) if push_once($port, $bytes) == 0;
				sleep(0.3);
			}
			exit(1);
		}
		push @kids, $pid;
	}
	my $bad = 0;
	for my $pid (@kids) {
		waitpid($pid, 0);
		$bad++ if $?;
	}
	print $bad ? "push: $bad of $conns connections failed\n" :
		     "push: $conns x $bytes bytes sent\n";
	return $bad ? 1 : 0;
}

my $mode = shift // '';
if ($mode eq 'serve') {
	serve(@ARGV);
} elsif ($mode eq 'csumcheck') {
	csumcheck(@ARGV);
} elsif ($mode eq 'tapserve') {
	tapserve(@ARGV);
} elsif ($mode eq 'freeport') {
	print freeport(), "\n";
} elsif ($mode eq 'echo') {
	exit(echo(@ARGV));
} elsif ($mode eq 'conns') {
	exit(conns(@ARGV));
} elsif ($mode eq 'drain') {
	exit(drain(@ARGV));
} elsif ($mode eq 'hold') {
	exit(hold(@ARGV));
} elsif ($mode eq 'push') {
	exit(push_conns(@ARGV));
} else {
	die "usage: netpeer.pl serve DIR | tapserve ADDR DIR | csumcheck IFNAME FILE | freeport | echo PORT BYTES SECONDS | conns PORT N SECONDS | drain PORT BYTES SECONDS [PAUSE] | hold PORT SECONDS | push PORT CONNS BYTES SECONDS\n";
}
