#!/usr/bin/perl
# tests/guest/netpeer.pl - the host's side of the networking guest tests
# (net.sh), in Perl's core modules only (perl-base).
#
#   netpeer.pl serve DIR        HTTP server and UDP echo on 127.0.0.1 (the
#                               guest reaches them as 10.0.2.2), ports in
#                               DIR/http.port, DIR/udp.port, and a port
#                               nobody listens on in DIR/closed.port; runs
#                               until killed
#   netpeer.pl freeport         print a TCP port free on 127.0.0.1
#   netpeer.pl echo PORT BYTES SECONDS
#                               connect to 127.0.0.1:PORT (a hostfwd into
#                               the guest), send BYTES, expect them back
#                               byte-exact; retry until the guest listens
#
# The byte pattern matches tests/guest/net_slirp.c's.
use strict;
use warnings;
use IO::Socket::INET;
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
	my $body = pattern(300000);
	write_file("$dir/closed.port", freeport() . "\n");
	write_file("$dir/udp.port", $udp->sockport . "\n");
	write_file("$dir/http.port", $http->sockport . "\n");
	my $sel = IO::Select->new($http, $udp);
	for (;;) {
		for my $s ($sel->can_read) {
			if ($s == $udp) {
				my $peer = $udp->recv(my $d, 65536);
				$udp->send($d, 0, $peer) if defined $peer;
				next;
			}
			my $c = $http->accept or next;
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

my $mode = shift // '';
if ($mode eq 'serve') {
	serve(@ARGV);
} elsif ($mode eq 'freeport') {
	print freeport(), "\n";
} elsif ($mode eq 'echo') {
	exit(echo(@ARGV));
} else {
	die "usage: netpeer.pl serve DIR | freeport | echo PORT BYTES SECONDS\n";
}
