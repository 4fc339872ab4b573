#!/usr/bin/perl
# tests/guest/mkcpio.pl - write a cpio "newc" archive for the initrd tests
# (no cpio program needed). Usage: mkcpio.pl [-crc] < spec > archive
# Each spec line: TYPE NAME MODE UID GID MTIME INO NLINK [DATA]
#   TYPE: d directory, f file, l symlink (DATA is the target), p fifo,
#         c character device (DATA is "major,minor");
#   MODE: octal permission bits; DATA: the file contents, with \n escapes.
# Adds the TRAILER!!! member. -crc writes "070702" with data checksums.
use strict;
use warnings;

my $crc = @ARGV && $ARGV[0] eq '-crc';
my %types = (d => 0040000, f => 0100000, l => 0120000, p => 0010000, c => 0020000);
my $out = '';

sub pad4 { my $n = shift; return "\0" x ((4 - $n % 4) % 4); }

sub member {
	my ($name, $mode, $uid, $gid, $mtime, $ino, $nlink, $rmaj, $rmin, $data) = @_;
	my $sum = 0;
	$sum += ord($_) for split //, $data;
	my $hdr = sprintf('%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x',
		$crc ? '070702' : '070701', $ino, $mode, $uid, $gid, $nlink, $mtime,
		length($data), 0, 0, $rmaj, $rmin, length($name) + 1,
		$crc ? $sum & 0xffffffff : 0);
	my $m = $hdr . $name . "\0";
	$m .= pad4(length $m);
	$m .= $data . pad4(length $data);
	$out .= $m;
}

while (my $line = <STDIN>) {
	chomp $line;
	next if $line =~ /^\s*(#|$)/;
	my ($t, $name, $mode, $uid, $gid, $mtime, $ino, $nlink, $data) = split ' ', $line, 9;
	$data = '' unless defined $data;
	$data =~ s/\\n/\n/g;
	my ($rmaj, $rmin) = (0, 0);
	if ($t eq 'c') { ($rmaj, $rmin) = split /,/, $data; $data = ''; }
	die "mkcpio: unknown type $t\n" unless exists $types{$t};
	member($name, $types{$t} | oct($mode), $uid, $gid, $mtime, $ino, $nlink,
	       $rmaj, $rmin, $data);
}
member('TRAILER!!!', 0, 0, 0, 0, 0, 1, 0, 0, '');
print $out;
