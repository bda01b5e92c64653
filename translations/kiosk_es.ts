<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!--
  UNREVIEWED DRAFT (es). These translations were written by the kiosk's development team.
  They have NOT been reviewed by a clinician or by a professional medical translator.
  Review status, and how to review: translations/README.md. Change this notice only
  when a review has really happened (who, what qualification, when).
-->
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Touch the screen to start</source>
        <translation>Toque la pantalla para empezar</translation>
    </message>
</context>
<context>
    <name>BottomBar</name>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Language and text size</source>
        <translation>Idioma y tamaño de letra</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>FinishScreen</name>
    <message>
        <source>You finished: %1</source>
        <translation>Usted terminó: %1</translation>
    </message>
    <message>
        <source>Questions to ask your care team</source>
        <translation>Preguntas para su equipo médico</translation>
    </message>
    <message>
        <source>Questions? Ask your care team.</source>
        <translation>¿Tiene preguntas? Pregunte a su equipo médico.</translation>
    </message>
    <message>
        <source>Learn more</source>
        <translation>Para saber más</translation>
    </message>
    <message>
        <source>QR code with these questions, to keep on your phone</source>
        <translation>Código QR con estas preguntas, para guardarlas en su teléfono</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to keep these questions.</source>
        <translation>Escanee con la cámara de su teléfono para guardar estas preguntas.</translation>
    </message>
    <message>
        <source>QR code to read about this at home</source>
        <translation>Código QR para leer sobre esto en casa</translation>
    </message>
    <message>
        <source>Scan this code with your phone to read about this at home.</source>
        <translation>Escanee este código con su teléfono para leer sobre esto en casa.</translation>
    </message>
    <message>
        <source>See this topic again</source>
        <translation>Ver este tema otra vez</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>GlossaryCard</name>
    <message>
        <source>Stop reading</source>
        <translation>Dejar de leer</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>What would you like to learn about?</source>
        <translation>¿Sobre qué le gustaría aprender?</translation>
    </message>
    <message>
        <source>Tap a picture to begin.</source>
        <translation>Toque una imagen para empezar.</translation>
    </message>
    <message>
        <source>Topics: %1</source>
        <extracomment>On a group&apos;s tile: how many topics the group holds (%1 is the number).</extracomment>
        <translation>Temas: %1</translation>
    </message>
    <message>
        <source>Choose a subject</source>
        <extracomment>The heading above the groups of topics (shelves) when a library has more topics than fit on one screen.</extracomment>
        <translation>Elija un tema</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <extracomment>Under the tiles of the home screen: %1 is this page&apos;s number, %2 how many pages there are.</extracomment>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>¿Todavía está ahí?</translation>
    </message>
    <message>
        <source>The screen will start over soon. Seconds left: %1</source>
        <translation>La pantalla volverá al inicio pronto. Segundos que quedan: %1</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Clinic kiosk</source>
        <translation>Pantalla de información de la clínica</translation>
    </message>
    <message>
        <source>button</source>
        <translation>botón</translation>
    </message>
    <message>
        <source>text</source>
        <translation>texto</translation>
    </message>
    <message>
        <source>Keypad help. Up and down move between the controls. Enter chooses. Left and right turn the pages. Escape goes back. Home starts again. Plus and minus make the voice louder or softer; the square brackets make it faster or slower.</source>
        <translation>Ayuda del teclado. Las flechas arriba y abajo pasan de un botón a otro. Enter elige. Izquierda y derecha pasan las páginas. Escape vuelve atrás. Inicio empieza de nuevo. Más y menos suben o bajan el volumen de la voz; los corchetes la hacen más rápida o más lenta.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>a control read aloud: %1 its name, %2 what it is (&quot;Next, button&quot;)</extracomment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <extracomment>a screen read aloud: %1 its title, %2 where the patient is (&quot;Laminectomy, Step 3 of 8&quot;)</extracomment>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Language and text size</source>
        <translation>Idioma y tamaño de letra</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Also show the text in</source>
        <translation>Mostrar también el texto en</translation>
    </message>
    <message>
        <source>No other language</source>
        <translation>Ningún otro idioma</translation>
    </message>
    <message>
        <source>Also show the text in %1</source>
        <translation>Mostrar también el texto en %1</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Tamaño de letra</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>Letra normal</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>Largest text</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <source>Stronger colors: on</source>
        <translation>Colores más fuertes: sí</translation>
    </message>
    <message>
        <source>Stronger colors: off</source>
        <translation>Colores más fuertes: no</translation>
    </message>
    <message>
        <source>Less movement: on</source>
        <translation>Menos movimiento: sí</translation>
    </message>
    <message>
        <source>Less movement: off</source>
        <translation>Menos movimiento: no</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>WalkScreen</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <source>Stage %1: %2</source>
        <translation>Etapa %1: %2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Lo que debe hacer:</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Dejar de leer</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Play all steps</source>
        <translation>Escuchar los pasos</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>Lo más importante</translation>
    </message>
    <message>
        <source>Tap a word to see what it means:</source>
        <translation>Toque una palabra para ver qué significa:</translation>
    </message>
</context>
</TS>
