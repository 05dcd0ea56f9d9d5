"""The suite's tests' own kit, outside the runtime package no service loads: the pytest plugin
(``award_testing.plugin``: real RabbitMQ vhosts, real databases, tokens, running services) and
the helpers tests call (``award_testing.helpers``)."""
