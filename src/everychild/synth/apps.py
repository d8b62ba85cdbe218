from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "everychild.synth"
    label = "synth"
    verbose_name = "Synthetic local authority"
