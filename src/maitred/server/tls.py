"""HTTPS by default: a self-signed certificate made on the first start, or the manager's own.

The certificate and its key live in the data folder (the key readable by its owner only). A
website's backend trusts it by its SHA-256 fingerprint (shown in the stand's server settings and
printed by `maitred serve`) or by the certificate file itself; a certificate from a real
authority can be given instead with --cert/--key.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE = "online-server-cert.pem"
KEY_FILE = "online-server-key.pem"
VALID_DAYS = 5 * 365
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Certificate:
    cert_file: Path
    key_file: Path
    fingerprint: str  # SHA-256 of the DER certificate, colon-separated upper-case hex
    not_after: datetime


class CertificateError(Exception):
    """The certificate or key can't be used; the message says what to do."""


def fingerprint_of(certificate: x509.Certificate) -> str:
    return ":".join(f"{b:02X}" for b in certificate.fingerprint(hashes.SHA256()))


def load_certificate(cert_file: str | Path, key_file: str | Path) -> Certificate:
    """A given certificate and key, checked now (a mistake shows at start, not at first visit)."""
    cert_path, key_path = Path(cert_file), Path(key_file)
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert_path, key_path)
    except (OSError, ValueError, ssl.SSLError) as error:
        raise CertificateError(f"the certificate {cert_path} or its key {key_path} can't be used: {error}") from error
    return Certificate(cert_path, key_path, fingerprint_of(certificate), certificate.not_valid_after_utc)


def ensure_self_signed(folder: str | Path, hosts: tuple[str, ...] = ()) -> Certificate:
    """The data folder's self-signed certificate, made now if missing, unreadable or about to
    expire. It names localhost, the loopback addresses, this computer and `hosts`."""
    folder = Path(folder)
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    if cert_path.exists() and key_path.exists():
        try:
            existing = load_certificate(cert_path, key_path)
        except CertificateError:
            existing = None
        if existing is not None and existing.not_after - RENEW_BEFORE > datetime.now(UTC):  # noqa: TID251
            return existing
    return _make_self_signed(cert_path, key_path, hosts)


def _names(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in ("localhost", socket.gethostname(), "127.0.0.1", "::1", *hosts):
        if not host or host in ("0.0.0.0", "::"):
            continue
        try:
            name: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            name = x509.DNSName(host)
        if name not in names:
            names.append(name)
    return names


def _make_self_signed(cert_path: Path, key_path: Path, hosts: tuple[str, ...]) -> Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Maitre D online bookings")])
    now = datetime.now(UTC)  # noqa: TID251 - a certificate's validity is real time, not the book's clock
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption())
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as key_out:
        key_out.write(key_bytes)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Certificate(cert_path, key_path, fingerprint_of(certificate), certificate.not_valid_after_utc)
