"""award-topology says clearly when RabbitMQ cannot be reached, and exits non-zero."""
from award_tools.topology import main


def test_an_unreachable_broker_is_named_with_how_to_start_it(capsys):
    assert main(["--amqp-uri", "pyamqp://guest:guest@127.0.0.1:1//"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "rabbitmq-server -detached" in err
