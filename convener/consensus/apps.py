from django.apps import AppConfig


class ConsensusConfig(AppConfig):
    name = "convener.consensus"
    label = "consensus"
    verbose_name = "Decisions through consensus"
