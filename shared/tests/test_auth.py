import os
import stat
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from award_shared.errors import Forbidden, Unauthorized
from award_shared.web.auth import Principal, TokenVerifier, admit, require
from award_shared.web.keys import ensure_dev_keypair, mint
from award_tools import token as token_cli


@pytest.fixture
def keypair(tmp_path):
    return ensure_dev_keypair(tmp_path / "keys")


@pytest.fixture
def verifier(keypair):
    return TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": str(keypair[1])})


def bearer(token):
    return f"Bearer {token}"


def refusal(verifier, header):
    with pytest.raises(Unauthorized) as info:
        verifier.verify(header)
    assert info.value.status == 401
    return info.value


def test_keypair_files(keypair):
    private_path, public_path = keypair
    assert stat.S_IMODE(os.stat(private_path).st_mode) == 0o600
    assert b"PUBLIC KEY" in public_path.read_bytes()
    assert ensure_dev_keypair(private_path.parent) == keypair   # idempotent


def test_valid_token_gives_principal(keypair, verifier):
    token = mint(keypair[0], "li", ["office", "expert"])
    principal = verifier.verify(bearer(token))
    assert isinstance(principal, Principal)
    assert principal.sub == "li"
    assert principal.roles == {"office", "expert"}
    assert principal.district is None
    assert principal.has("expert") and not principal.has("operator")
    assert principal.claims["exp"] > time.time()


def test_district_principal(keypair, verifier):
    token = mint(keypair[0], "lixia", ["district"], district="历下区")
    assert verifier.verify(bearer(token)).district == "历下区"


def test_expired_token(keypair, verifier):
    token = mint(keypair[0], "li", ["office"], ttl_seconds=60, now=time.time() - 3600)
    error = refusal(verifier, bearer(token))
    assert error.message == "令牌已过期"
    assert error.message_en == "token expired"
    assert error.to_dict()["error"]["code"] == "unauthorized"


def test_wrong_key(tmp_path, verifier):
    other_private, _ = ensure_dev_keypair(tmp_path / "other")
    error = refusal(verifier, bearer(mint(other_private, "li", ["office"])))
    assert error.message_en == "token signature invalid"


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwdw==",
                                    "Bearer not.a.jwt", "Bearer garbage", "Bearer a b"])
def test_missing_or_garbage_header(verifier, header):
    refusal(verifier, header)


def test_unknown_role(keypair, verifier):
    key = serialization.load_pem_private_key(keypair[0].read_bytes(), None)
    token = jwt.encode({"sub": "x", "roles": ["root"], "exp": int(time.time()) + 60},
                       key, algorithm="EdDSA")
    assert "root" in refusal(verifier, bearer(token)).message_en


def test_missing_claims(keypair, verifier):
    key = serialization.load_pem_private_key(keypair[0].read_bytes(), None)
    exp = int(time.time()) + 60
    for claims, missing in [({"sub": "x", "roles": ["office"]}, "exp"),
                            ({"roles": ["office"], "exp": exp}, "sub"),
                            ({"sub": "x", "exp": exp}, "roles")]:
        token = jwt.encode(claims, key, algorithm="EdDSA")
        assert missing in refusal(verifier, bearer(token)).message_en


def test_district_role_needs_district_claim(keypair, verifier):
    key = serialization.load_pem_private_key(keypair[0].read_bytes(), None)
    token = jwt.encode({"sub": "x", "roles": ["district"], "exp": int(time.time()) + 60},
                       key, algorithm="EdDSA")
    assert "district" in refusal(verifier, bearer(token)).message_en
    with pytest.raises(ValueError):
        mint(keypair[0], "x", ["district"])


def test_rs256_accepted():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    verifier = TokenVerifier(public_key_pem=public_pem)
    token = jwt.encode({"sub": "idp-user", "roles": ["government"],
                        "exp": int(time.time()) + 60}, key, algorithm="RS256")
    assert verifier.verify(bearer(token)).roles == {"government"}


def test_issuer_and_audience(keypair):
    verifier = TokenVerifier(public_key_file=keypair[1], issuer="idp", audience="award")
    good = mint(keypair[0], "li", ["office"], extra={"iss": "idp", "aud": "award"})
    assert verifier.verify(bearer(good)).sub == "li"
    bad = mint(keypair[0], "li", ["office"], extra={"iss": "idp", "aud": "other"})
    refusal(verifier, bearer(bad))


def test_key_loaded_lazily():
    verifier = TokenVerifier(public_key_file="/nonexistent/key.pem",
                             jwks_url="http://127.0.0.1:9/jwks")   # no I/O here
    assert verifier._key is None and verifier._jwks_client is None


def test_require():
    principal = Principal(sub="e1", roles=frozenset({"expert"}), district=None, claims={})
    require(principal, "expert", "office")
    with pytest.raises(Forbidden) as info:
        require(principal, "office", "leading_group")
    assert info.value.status == 403
    assert "office" in info.value.message and "leading_group" in info.value.message
    assert "office" in info.value.message_en and "leading_group" in info.value.message_en


def test_cli_prints_verifiable_token(tmp_path, capsys):
    key_dir = tmp_path / "cli-keys"
    assert token_cli.main(["--role", "office", "--role", "expert", "--key-dir",
                           str(key_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.endswith("\n") and out.count("\n") == 1
    assert "created" in err
    verifier = TokenVerifier(public_key_file=key_dir / "jwt-public.pem")
    principal = verifier.verify(bearer(out.strip()))
    assert principal.sub == "office-local"
    assert principal.roles == {"office", "expert"}

    token_cli.main(["--role", "district", "--district", "历下区", "--key-dir", str(key_dir)])
    out, err = capsys.readouterr()
    assert err == ""                           # keys already there: no note
    assert verifier.verify(bearer(out.strip())).district == "历下区"

    token_cli.main(["--role", "office", "--sub", "office-wang", "--name", "王芳", "--key-dir", str(key_dir)])
    principal = verifier.verify(bearer(capsys.readouterr().out.strip()))
    assert (principal.sub, principal.name) == ("office-wang", "王芳")


def test_cli_env_key_dir(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AWARD_KEY_DIR", str(tmp_path / "env-keys"))
    token_cli.main(["--role", "operator", "--sub", "ops"])
    assert (tmp_path / "env-keys" / "jwt-private.pem").exists()
    assert capsys.readouterr().out.count(".") == 2


@pytest.mark.parametrize("argv", [["--role", "root"], ["--role", "district"], []])
def test_cli_refuses(tmp_path, argv, capsys):
    with pytest.raises(SystemExit) as info:
        token_cli.main(argv + ["--key-dir", str(tmp_path)])
    assert info.value.code == 2
    assert capsys.readouterr().out == ""


# -- a verified token is remembered (its signature is not checked again on every call) ---


def test_a_remembered_token_is_still_refused_once_it_expires(keypair):
    verifier = TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": str(keypair[1])})
    verifier.leeway = 0
    token = mint(keypair[0], "li", ["office"], ttl_seconds=1)
    assert verifier.verify(bearer(token)).sub == "li"
    assert verifier.verify(bearer(token)).sub == "li"  # remembered
    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 1.1)
    assert "expired" in refusal(verifier, bearer(token)).message_en


def test_a_remembered_token_is_checked_against_the_key_again_after_a_while(keypair, tmp_path, monkeypatch):
    verifier = TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": str(keypair[1])})
    monkeypatch.setattr(verifier, "VERIFIED_FOR", 0.2)
    token = mint(keypair[0], "li", ["office"])
    assert verifier.verify(bearer(token)).sub == "li"
    other = ensure_dev_keypair(tmp_path / "other")  # the key is withdrawn and replaced
    verifier._key = TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": str(other[1])})._load_static_key()
    assert verifier.verify(bearer(token)).sub == "li"  # remembered: not checked again yet
    time.sleep(0.3)
    assert refusal(verifier, bearer(token)).message_en == "token signature invalid"


def test_remembered_tokens_are_bounded_and_their_claims_read_only(keypair, monkeypatch):
    verifier = TokenVerifier.from_config({"JWT_PUBLIC_KEY_FILE": str(keypair[1])})
    monkeypatch.setattr(verifier, "VERIFIED_TOKENS", 3)
    principals = [verifier.verify(bearer(mint(keypair[0], f"u{i}", ["office"]))) for i in range(5)]
    assert len(verifier._verified) == 3
    with pytest.raises(TypeError):
        principals[0].claims["roles"] = ["operator"]


def test_a_route_without_roles_admits_any_signed_in_caller_but_a_bureaus_client():
    """A bureau's client (role ``bureau``) is no staff: a route admits it only by naming it."""
    bureau = Principal(sub="bureau-market-regulation", roles=frozenset({"bureau"}))
    with pytest.raises(Forbidden):
        admit(bureau, frozenset())
    with pytest.raises(Forbidden):
        admit(bureau, frozenset({"operator"}))
    admit(bureau, frozenset({"operator", "bureau"}))
    admit(Principal(sub="ops", roles=frozenset({"bureau", "operator"})), frozenset())  # by its other role
    admit(Principal(sub="u-2", roles=frozenset()), frozenset())   # no role: as before, the route decides
    admit(Principal(sub="a", roles=frozenset({"applicant"})), frozenset())
